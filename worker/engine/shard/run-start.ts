// What a new run starts with in its shard: its first state (pending, or delayed until its start time) and the steps a
// rerun copies from another run.
import { DELAY_WAIT } from '../d1/run-store'
import { newId } from '../ids'
import type { RunEventBody } from '../protocol/events'
import type { NewRunState, SeedStep } from '../rpc'
import type { JournalStep, RunState } from './run-journal'

/** The state of a run the Worker just created. */
export function initialState(run: NewRunState): RunState {
  const { seedSteps: _seedSteps, ...recorded } = run
  return {
    ...recorded,
    status: 'pending',
    generation: 0,
    progress: null,
    output: null,
    error: null,
    currentStepIndex: 0,
    completedStepCount: 0,
    startedAt: null,
    completedAt: null,
    waitingForKey: false,
    wakeAt: run.wakeAt ?? null,
    waitingFor: run.wakeAt ? DELAY_WAIT : null,
  }
}

/** Journals steps copied from another run as a new run's first steps, completed (a rerun from a step). */
export function seedSteps(
  run: { putStep(step: JournalStep): void; emit(body: RunEventBody): void; readonly state: RunState; saveState(): void },
  steps: SeedStep[],
): void {
  steps.forEach((step, index) => {
    const { name, output, startedAt, completedAt } = step
    run.putStep({ index, id: newId(), name, status: 'completed', output, error: null, startedAt, completedAt })
    const duration = Date.parse(completedAt) - Date.parse(startedAt)
    run.emit({ type: 'step:complete', stepName: name, stepIndex: index, output: output === null ? null : JSON.parse(output), duration })
  })
  run.state.seededSteps = steps.length
  run.saveState()
}
