// Derives the flags a run hook returns (isLeased, isWaiting, isCompleted, …) from a run's status.
import { isActiveStatus } from './statuses'
import type { RunState, RunStatus, RunView } from './types'

/** The view of a run state; `pendingFallback` reports 'pending' for a run id the stream has not described yet. */
export function runHookFields<TOutput>(state: RunState, pendingFallback: boolean): RunView<TOutput> {
  const status: RunStatus | null = state.status ?? (pendingFallback ? 'pending' : null)
  const isCompleted = status === 'completed'
  const isFailed = status === 'failed'
  const isCancelled = status === 'cancelled'
  return {
    status,
    progress: state.progress,
    output: (state.output ?? null) as TOutput | null,
    error: state.error,
    logs: state.logs,
    wakeAt: state.wakeAt,
    waitingFor: state.waitingFor,
    isPending: status === 'pending',
    isLeased: status === 'leased',
    isWaiting: status === 'waiting',
    isCompleted,
    isFailed,
    isCancelled,
    isTerminal: isCompleted || isFailed || isCancelled,
    isActive: isActiveStatus(status),
  }
}
