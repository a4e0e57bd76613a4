// What opens under a step of the run page: its attempts, and for a finished run, rerunning the run from this step.
import { lazy, Suspense } from 'react'
import type { TimelineStep } from '../lib/run-steps-store'
import { AttemptsList } from './attempts-list'

/** Loaded when a finished run's step is opened: following a live run never needs it. */
const RerunForm = lazy(() => import('./rerun-form').then((module) => ({ default: module.RerunForm })))

/** What a finished run offers its steps: rerunning from one of them with this input. */
export interface RerunOffer {
  input: unknown
}

interface StepDetailsProps {
  id: string
  runId: string
  step: TimelineStep
  rerun: RerunOffer | null
}

export function StepDetails({ id, runId, step, rerun }: StepDetailsProps) {
  return (
    <div id={id} className="step-details">
      <h3 className="visually-hidden">Attempts of {step.name}</h3>
      <AttemptsList runId={runId} stepIndex={step.index} stepName={step.name} />
      {step.status === 'running' && step.attempts > 1 && <p className="muted">Attempt {step.attempts} is running.</p>}
      {rerun && (
        <Suspense fallback={<p className="muted">Loading…</p>}>
          <RerunForm runId={runId} stepIndex={step.index} stepName={step.name} input={rerun.input} />
        </Suspense>
      )}
    </div>
  )
}
