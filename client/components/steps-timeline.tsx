// The steps of a run as a timeline: order, status, duration and a bar placed on the run's time axis.
import { formatDuration } from '../format/format-time'
import type { TimelineStep } from '../lib/run-steps-store'

const MARK: Record<TimelineStep['status'], string> = { running: '◔', completed: '✓', failed: '✕', cancelled: '–' }

export function StepsTimeline({ steps, now }: { steps: TimelineStep[]; now: number }) {
  if (steps.length === 0) return <p className="muted">No steps yet.</p>
  const start = Math.min(...steps.map((s) => Date.parse(s.startedAt)))
  const end = Math.max(...steps.map((s) => (s.completedAt ? Date.parse(s.completedAt) : now)), start + 1)
  const span = end - start
  return (
    <ol className="timeline">
      {steps.map((step) => {
        const from = Date.parse(step.startedAt)
        const to = step.completedAt ? Date.parse(step.completedAt) : now
        const left = ((from - start) / span) * 100
        const width = Math.max(0.8, ((to - from) / span) * 100)
        return (
          <li key={step.index} className={`timeline-step step-${step.status}`} data-step={step.name}>
            <span className="step-mark" aria-hidden="true">
              {MARK[step.status]}
            </span>
            <span className="step-name">{step.name}</span>
            <span className="step-status">{step.status === 'running' ? 'running' : step.status}</span>
            <span className="step-bar" aria-hidden="true">
              <span style={{ left: `${left}%`, width: `${Math.min(100 - left, width)}%` }} />
            </span>
            <span className="step-duration numeric">{formatDuration(to - from)}</span>
            {step.error && <span className="step-error">{step.error}</span>}
          </li>
        )
      })}
    </ol>
  )
}
