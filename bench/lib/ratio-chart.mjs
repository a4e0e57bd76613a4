// Draws Stepflare's ratios against the best baseline as a horizontal bar chart in plain SVG (log scale, 1× line).

const WIDTH = 760
const ROW = 26
const LEFT = 230
const RIGHT = 90
const TOP = 50
const MAX_LOG = 3 // bars span 1/1000× … 1000×

export function renderRatioChart(rows, startedAt) {
  const plotted = rows.filter((row) => row.ratio !== null)
  const height = TOP + plotted.length * ROW + 40
  const plotWidth = WIDTH - LEFT - RIGHT
  const center = LEFT + plotWidth / 2
  const scale = (ratio) => {
    const log = Number.isFinite(ratio) ? Math.log10(ratio) : MAX_LOG
    return (Math.max(-MAX_LOG, Math.min(MAX_LOG, log)) / MAX_LOG) * (plotWidth / 2)
  }
  const bars = plotted.map((row, i) => bar(row, TOP + i * ROW, center, scale(row.ratio)))
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${LEFT}" y="20" font-size="14" font-weight="bold">Stepflare vs @coji/durably best settings (× better, log scale)</text>`,
    `<text x="${LEFT}" y="36" fill="#666">${escapeXml(startedAt)} · right of the line: Stepflare is better</text>`,
    ...gridLines(center, plotWidth, TOP, height - 30),
    ...bars,
    '</svg>',
    '',
  ].join('\n')
}

function bar(row, y, center, offset) {
  const color = offset >= 0 ? '#2a9d5c' : '#d0453b'
  const x = offset >= 0 ? center : center + offset
  const label = Number.isFinite(row.ratio) ? `${row.ratio.toFixed(2)}×` : '∞'
  const labelX = offset >= 0 ? center + offset + 4 : center + offset - 4
  const anchor = offset >= 0 ? 'start' : 'end'
  return [
    `<text x="${LEFT - 8}" y="${y + 15}" text-anchor="end">${escapeXml(row.label)}</text>`,
    `<rect x="${x.toFixed(1)}" y="${y + 4}" width="${Math.max(1, Math.abs(offset)).toFixed(1)}" height="${ROW - 8}" fill="${color}"/>`,
    `<text x="${labelX.toFixed(1)}" y="${y + 15}" text-anchor="${anchor}">${label}</text>`,
  ].join('\n')
}

function gridLines(center, plotWidth, top, bottom) {
  const lines = []
  for (let log = -MAX_LOG; log <= MAX_LOG; log++) {
    const x = center + (log / MAX_LOG) * (plotWidth / 2)
    const stroke = log === 0 ? '#000' : '#ddd'
    lines.push(`<line x1="${x.toFixed(1)}" y1="${top}" x2="${x.toFixed(1)}" y2="${bottom}" stroke="${stroke}"/>`)
    lines.push(`<text x="${x.toFixed(1)}" y="${bottom + 14}" text-anchor="middle" fill="#666">${10 ** log}×</text>`)
  }
  return lines
}

function escapeXml(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}
