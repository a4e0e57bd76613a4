// The steps a run:snapshot carries: the run's newest finished steps, oldest first, bounded in count and in size.
import type { Step } from '../types'
import type { JournalStep } from './run-journal'

/**
 * At most this many steps ride in a snapshot. Measured on a 10,000-step run (Workers runtime, locally): all its steps
 * make a 2.3 MB snapshot and a subscribe of 60–80 ms, during which the shard's other runs wait; its newest 1,000 make
 * 230 KB and 30 ms. A longer run sends its newest 1,000 and says how many it left out (GET /steps has them all).
 */
export const SNAPSHOT_MAX_STEPS = 1_000

/** And at most this many bytes of step JSON, so a few large outputs cannot make every new stream heavy. */
export const SNAPSHOT_MAX_STEP_BYTES = 512 * 1024

/** A step's JSON besides its output and error (ids, name, status, two timestamps): an upper estimate. */
const STEP_OVERHEAD_BYTES = 220

/** A stored step with its output still as JSON text (as the journal and D1 keep it). */
export type StoredStep = JournalStep

export interface SnapshotSteps {
  /** Finished steps (completed, failed or cancelled), oldest first, in the shape of GET /steps items. */
  steps: Step[]
  /** How many earlier steps were left out (0 when `steps` is all of them); GET /steps answers every step. */
  stepsOmitted: number
}

/** Keeps the newest steps within both bounds; `newestFirst` holds at most SNAPSHOT_MAX_STEPS of the run's `total`. */
export function boundSteps(runId: string, newestFirst: StoredStep[], total: number): SnapshotSteps {
  const kept: Step[] = []
  let bytes = 0
  for (const step of newestFirst.slice(0, SNAPSHOT_MAX_STEPS)) {
    bytes += STEP_OVERHEAD_BYTES + step.name.length + (step.output?.length ?? 4) + (step.error?.length ?? 4)
    if (bytes > SNAPSHOT_MAX_STEP_BYTES) break
    kept.push(toStep(runId, step))
  }
  kept.reverse()
  return { steps: kept, stepsOmitted: Math.max(0, total - kept.length) }
}

function toStep(runId: string, step: StoredStep): Step {
  const { id, name, index, status, error, startedAt, completedAt } = step
  return { id, runId, name, index, status, output: step.output === null ? null : JSON.parse(step.output), error, startedAt, completedAt }
}
