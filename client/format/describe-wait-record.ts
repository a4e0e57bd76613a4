// A durable wait's record in words: its status and outcome, and how long it waited for its answer and then a worker.
import type { DurableWait } from '../lib/types'
import { formatDuration } from './format-time'

/** "Pending", "Answered", "Timed out", "Cancelled", "Closed". */
export function waitStatusText(wait: Pick<DurableWait, 'status' | 'outcome'>): string {
  if (wait.status === 'resolved') return wait.outcome === 'timeout' ? 'Timed out' : 'Answered'
  return { pending: 'Pending', cancelled: 'Cancelled', closed: 'Closed' }[wait.status]
}

/**
 * How long the wait took, in words (null before anything is known):
 * "Waited 3.2 s for the answer, then 120 ms for a worker to resume the run".
 */
export function waitTimesText(wait: Pick<DurableWait, 'outcome' | 'inputWaitMs' | 'executionSlotWaitMs'>): string | null {
  const { inputWaitMs, executionSlotWaitMs } = wait
  const what = wait.outcome === 'timeout' ? 'until the deadline' : inputWaitMs === 0 ? 'for the answer (it came before the run waited)' : 'for the answer'
  const input = inputWaitMs === null ? null : `${formatDuration(inputWaitMs)} ${what}`
  const slot = executionSlotWaitMs === null ? null : `${formatDuration(executionSlotWaitMs)} for a worker to resume the run`
  if (input && slot) return `Waited ${input}, then ${slot}`
  return input || slot ? `Waited ${input ?? slot}` : null
}
