// Durations as users write them: milliseconds, or a number with a unit ('500ms', '30s', '5m', '2h', '7d', '1.5h').

/** Milliseconds, or a string such as '30s', '5m', '2h', '7d' (units ms, s, m, h, d, w). */
export type Duration = number | string

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  sec: 1_000,
  second: 1_000,
  seconds: 1_000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
  w: 604_800_000,
  week: 604_800_000,
  weeks: 604_800_000,
}

const PATTERN = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)?\s*$/i

/** The longest duration accepted anywhere (a sleep, a delay, a retention): 10 years. */
export const MAX_DURATION_MS = 10 * 365 * 86_400_000

/**
 * Milliseconds of `value`, or null when it is not a duration (negative, not finite, unknown unit, too long).
 * A bare number string ('1500') is milliseconds.
 */
export function toMilliseconds(value: unknown): number | null {
  let ms: number
  if (typeof value === 'number') ms = value
  else if (typeof value === 'string') {
    const match = PATTERN.exec(value)
    const unit = UNIT_MS[(match?.[2] ?? 'ms').toLowerCase()]
    if (!match || unit === undefined) return null
    ms = Number(match[1]) * unit
  } else return null
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_DURATION_MS) return null
  return Math.round(ms)
}

/** Like `toMilliseconds`, throwing a TypeError that names `what` for a value that is not a duration. */
export function durationMs(value: Duration, what: string): number {
  const ms = toMilliseconds(value)
  if (ms === null) {
    throw new TypeError(`${what} must be milliseconds (0 or more) or a duration such as '30s', '5m', '2h', '7d'; got ${JSON.stringify(value)}`)
  }
  return ms
}
