// A hand-drawn SVG stacked bar chart of runs over time, coloured by status, with a text summary for screen readers.
import { formatDateTime } from '../format/format-time'
import { RUN_STATUSES } from '../lib/statuses'
import type { ClientRun } from '../lib/types'
import { bucketRuns, type Bucket } from './chart-buckets'
import { statusLabel } from './status-badge'

const WIDTH = 960
const HEIGHT = 180
const PAD = { top: 10, right: 8, bottom: 24, left: 34 }

export function RunsChart({ runs, now }: { runs: ClientRun[]; now: number }) {
  const buckets = bucketRuns(runs, now)
  const max = Math.max(1, ...buckets.map((b) => b.total))
  const innerW = WIDTH - PAD.left - PAD.right
  const innerH = HEIGHT - PAD.top - PAD.bottom
  const slot = innerW / Math.max(1, buckets.length)
  const barW = Math.max(2, slot * 0.72)
  const y = (value: number) => PAD.top + innerH - (value / max) * innerH
  const summary = summarize(runs, buckets)

  return (
    <figure className="chart">
      <figcaption className="chart-title">
        Runs over time <span className="muted">(latest {runs.length})</span>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary}>
        <title>{summary}</title>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(max * f)} y2={y(max * f)} className="chart-grid" />
            <text x={PAD.left - 6} y={y(max * f) + 4} className="chart-axis" textAnchor="end">
              {Math.round(max * f)}
            </text>
          </g>
        ))}
        {buckets.map((bucket, i) => (
          <Bar key={bucket.start} bucket={bucket} x={PAD.left + i * slot + (slot - barW) / 2} width={barW} y={y} />
        ))}
        {buckets.length > 0 && (
          <>
            <text x={PAD.left} y={HEIGHT - 6} className="chart-axis">
              {formatDateTime(new Date(buckets[0]?.start ?? now).toISOString())}
            </text>
            <text x={WIDTH - PAD.right} y={HEIGHT - 6} className="chart-axis" textAnchor="end">
              now
            </text>
          </>
        )}
      </svg>
      <ul className="legend" aria-hidden="true">
        {RUN_STATUSES.map((status) => (
          <li key={status}>
            <span className={`swatch fill-${status}`} /> {statusLabel(status)}
          </li>
        ))}
      </ul>
    </figure>
  )
}

function Bar({ bucket, x, width, y }: { bucket: Bucket; x: number; width: number; y: (v: number) => number }) {
  let base = 0
  return (
    <g>
      <title>{`${formatDateTime(new Date(bucket.start).toISOString())}: ${bucket.total} runs`}</title>
      {RUN_STATUSES.map((status) => {
        const count = bucket.counts[status]
        if (count === 0) return null
        const top = y(base + count)
        const height = y(base) - top
        base += count
        return <rect key={status} x={x} y={top} width={width} height={height} className={`fill-${status}`} rx={1.5} />
      })}
    </g>
  )
}

function summarize(runs: ClientRun[], buckets: Bucket[]): string {
  const counts = RUN_STATUSES.map((status) => [status, runs.filter((r) => r.status === status).length] as const)
  const parts = counts.filter(([, n]) => n > 0).map(([status, n]) => `${n} ${statusLabel(status).toLowerCase()}`)
  return `${runs.length} recent runs in ${buckets.length} time buckets: ${parts.join(', ') || 'none'}`
}
