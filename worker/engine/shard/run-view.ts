// A run as its shard sees it, in the shape of a D1 row: reads use it because the shard is ahead of D1's mirror.
import type { RunState } from './run-journal'
import type { Run } from '../types'

/** The lease owner a shard writes to D1 for the runs it executes. */
export function leaseOwnerOf(objectId: string): string {
  return `run-shard:${objectId}`
}

/** The run `state` describes; `leaseOwner` names the shard while the run is leased. */
export function stateToRun(state: RunState, leaseOwner: string, leaseMs: number): Run {
  const status = state.status === 'deleted' ? 'cancelled' : state.status
  const leased = status === 'leased'
  return {
    id: state.id,
    jobName: state.jobName,
    input: state.input,
    status,
    idempotencyKey: state.idempotencyKey ?? null,
    concurrencyKey: state.concurrencyKey,
    currentStepIndex: state.currentStepIndex,
    completedStepCount: state.completedStepCount,
    progress: state.progress,
    output: state.output ?? null,
    error: state.error,
    labels: state.labels,
    leaseOwner: leased ? leaseOwner : null,
    leaseExpiresAt: leased ? new Date(Date.now() + leaseMs).toISOString() : null,
    leaseGeneration: state.generation,
    startedAt: state.startedAt,
    completedAt: state.completedAt,
    createdAt: state.createdAt,
    updatedAt: state.completedAt ?? state.startedAt ?? state.createdAt,
    wakeAt: state.wakeAt ?? null,
    waitingFor: state.waitingFor ?? null,
  }
}
