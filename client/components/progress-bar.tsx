// An accessible progress bar with an optional message; indeterminate while the total is unknown.
import type { ProgressData } from '../lib/types'

interface ProgressBarProps {
  progress: ProgressData | null
  label: string
  compact?: boolean
}

export function ProgressBar({ progress, label, compact = false }: ProgressBarProps) {
  const total = progress?.total
  const current = progress?.current ?? 0
  const percent = total && total > 0 ? Math.min(100, Math.round((current / total) * 100)) : null
  const text = percent === null ? `${current}` : `${current} / ${total} (${percent}%)`
  return (
    <div className={compact ? 'progress progress-compact' : 'progress'}>
      <div
        className={percent === null ? 'progress-track progress-indeterminate' : 'progress-track'}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total ?? undefined}
        aria-valuenow={total ? current : undefined}
        aria-valuetext={progress?.message ? `${text}: ${progress.message}` : text}
      >
        <div className="progress-fill" style={{ width: `${percent ?? 100}%` }} />
      </div>
      {!compact && (
        <div className="progress-caption">
          <span className="progress-message">{progress?.message ?? 'Working…'}</span>
          {percent !== null && <span className="progress-count">{text}</span>}
        </div>
      )}
    </div>
  )
}
