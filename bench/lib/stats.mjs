// Percentiles and rounding for bench figures.

/** The p-th percentile (0–100) of `values` by nearest rank; null when empty. */
export function percentile(values, p) {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank]
}

export function round(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) return null
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
