// The steps of a run as a timeline: order, status, duration and a bar placed on the run's time axis; a long run
// shows its newest steps until asked for all.
import { memo } from 'react'
import { EarlierHidden, useNewestOnly } from './newest-only'
import { formatDuration } from '../format/format-time'
import type { TimelineStep } from '../lib/run-steps-store'

const MARK: Record<TimelineStep['status'], string> = { running: '◔', completed: '✓', failed: '✕', cancelled: '–' }

/** Rows shown before "Show all": the newest steps, so a run of thousands of steps renders as fast as a short one. */
export const NEWEST_SHOWN = 100

interface TimelineProps {
  steps: TimelineStep[]
  now: number
}

/** The clock matters only while a step runs: a page re-rendering for each event leaves a finished timeline alone. */
const sameTimeline = (before: TimelineProps, after: TimelineProps) =>
  before.steps === after.steps && (before.now === after.now || !after.steps.some((step) => step.status === 'running'))

export const StepsTimeline = memo(function StepsTimeline({ steps, now }: TimelineProps) {
  const { hidden, showAll } = useNewestOnly(steps.length, NEWEST_SHOWN)
  if (steps.length === 0) return <p className="muted">No steps yet.</p>
  let start = Number.POSITIVE_INFINITY
  let end = Number.NEGATIVE_INFINITY
  for (const step of steps) {
    start = Math.min(start, Date.parse(step.startedAt))
    end = Math.max(end, step.completedAt ? Date.parse(step.completedAt) : now)
  }
  const span = Math.max(end, start + 1) - start
  return (
    <>
      <EarlierHidden hidden={hidden} total={steps.length} noun="steps" onShowAll={showAll} />
      <ol className="timeline" data-steps={steps.length}>
        {steps.slice(hidden).map((step) => (
          <StepRow key={step.index} step={step} start={start} span={span} now={now} />
        ))}
      </ol>
    </>
  )
}, sameTimeline)

const StepRow = memo(function StepRow({ step, start, span, now }: { step: TimelineStep; start: number; span: number; now: number }) {
  const from = Date.parse(step.startedAt)
  const to = step.completedAt ? Date.parse(step.completedAt) : now
  const left = ((from - start) / span) * 100
  const width = Math.max(0.8, ((to - from) / span) * 100)
  return (
    <li className={`timeline-step step-${step.status}`} data-step={step.name}>
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
})
