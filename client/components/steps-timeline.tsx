// The steps of a run as a timeline: order, status (retrying, sleeping), attempts, duration and a bar placed on the
// run's time axis; a step opens its attempts (and, for a finished run, a rerun from it); a long run shows its newest
// steps until asked for all.
import { memo, useState } from 'react'
import { EarlierHidden, useNewestOnly } from './newest-only'
import { StepDetails, type RerunOffer } from './step-details'
import { formatDuration } from '../format/format-time'
import type { TimelineStep } from '../lib/run-steps-store'
import type { WaitingFor } from '../lib/types'

const MARK: Record<TimelineStep['status'], string> = { running: '◔', retrying: '↻', completed: '✓', failed: '✕', cancelled: '–' }

/** Rows shown before "Show all": the newest steps, so a run of thousands of steps renders as fast as a short one. */
export const NEWEST_SHOWN = 100

interface TimelineProps {
  runId: string
  steps: TimelineStep[]
  now: number
  /** What the run waits for: a sleeping step shows as sleeping. */
  waitingFor?: WaitingFor | null
  /** Offered by a finished run: each step can start a new run from it. */
  rerun?: RerunOffer | null
}

const unfinished = (step: TimelineStep) => step.status === 'running' || step.status === 'retrying'

/** The clock matters only while a step runs: a page re-rendering for each event leaves a finished timeline alone. */
const sameTimeline = (before: TimelineProps, after: TimelineProps) =>
  before.steps === after.steps &&
  before.runId === after.runId &&
  before.waitingFor === after.waitingFor &&
  before.rerun === after.rerun &&
  (before.now === after.now || !after.steps.some(unfinished))

export const StepsTimeline = memo(function StepsTimeline({ runId, steps, now, waitingFor = null, rerun = null }: TimelineProps) {
  const { hidden, showAll } = useNewestOnly(steps.length, NEWEST_SHOWN)
  if (steps.length === 0) return <p className="muted">No steps yet.</p>
  let start = Number.POSITIVE_INFINITY
  let end = Number.NEGATIVE_INFINITY
  for (const step of steps) {
    start = Math.min(start, Date.parse(step.startedAt))
    end = Math.max(end, step.completedAt ? Date.parse(step.completedAt) : now)
  }
  const span = Math.max(end, start + 1) - start
  const sleeping = waitingFor?.kind === 'sleep' ? waitingFor.stepIndex : null
  const rerunUpTo = rerun ? completedLead(steps) : -1
  return (
    <>
      <EarlierHidden hidden={hidden} total={steps.length} noun="steps" onShowAll={showAll} />
      <ol className="timeline" data-steps={steps.length}>
        {steps.slice(hidden).map((step) => (
          <StepRow
            key={step.index} runId={runId} step={step} start={start} span={span} now={now}
            sleeping={sleeping === step.index} rerun={step.index <= rerunUpTo ? rerun : null}
          />
        ))}
      </ol>
    </>
  )
}, sameTimeline)

interface StepRowProps {
  runId: string
  step: TimelineStep
  start: number
  span: number
  now: number
  sleeping: boolean
  rerun: RerunOffer | null
}

/** How many steps completed before the first that did not: a run can be rerun from any step up to that one. */
export function completedLead(steps: TimelineStep[]): number {
  let count = 0
  while (steps[count]?.index === count && steps[count]?.status === 'completed') count++
  return count
}

/** "sleeping", "retrying", "attempt 2" (a retried step running), or the step's own status. */
export function stepStatusText(step: TimelineStep, sleeping: boolean): string {
  if (step.status === 'running') return sleeping ? 'sleeping' : step.attempts > 1 ? `attempt ${step.attempts}` : 'running'
  return step.status
}

const StepRow = memo(function StepRow({ runId, step, start, span, now, sleeping, rerun }: StepRowProps) {
  const [open, setOpen] = useState(false)
  const from = Date.parse(step.startedAt)
  const to = step.completedAt ? Date.parse(step.completedAt) : now
  const left = ((from - start) / span) * 100
  const width = Math.max(0.8, ((to - from) / span) * 100)
  const detailsId = `step-${step.index}-details`
  const status = sleeping ? 'sleeping' : step.status
  return (
    <li className={`timeline-step step-${status}`} data-step={step.name} data-status={status}>
      <span className="step-mark" aria-hidden="true">
        {sleeping ? '☾' : MARK[step.status]}
      </span>
      <button
        type="button"
        className="step-name step-toggle"
        aria-expanded={open}
        aria-controls={open ? detailsId : undefined}
        onClick={() => setOpen(!open)}
        title={`Attempts of ${step.name}`}
      >
        {step.name}
      </button>
      <span className="step-status">
        {stepStatusText(step, sleeping)}
        {step.attempts > 1 && step.status !== 'running' && <span className="step-attempts">{step.attempts} attempts</span>}
      </span>
      <span className="step-bar" aria-hidden="true">
        <span style={{ left: `${left}%`, width: `${Math.min(100 - left, width)}%` }} />
      </span>
      <span className="step-duration numeric">{formatDuration(to - from)}</span>
      {step.error && (
        <span className="step-error">
          {step.status === 'retrying' ? `Attempt ${step.attempts} failed: ${step.error}` : step.error}
        </span>
      )}
      {open && <StepDetails id={detailsId} runId={runId} step={step} rerun={rerun} />}
    </li>
  )
})
