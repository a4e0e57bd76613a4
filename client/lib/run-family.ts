// How runs started by `step.invoke` are linked: a child names its parent in a label; the parent's invoke wait names
// the step (and, once the child ended, the child's run id).
import type { ClientRun, DurableWait } from './types'
import { invokedJobOf } from './wait-metadata'

/** The label a child run carries: its parent's run id (`label.stepflare.parent=<id>` lists a run's children). */
export const PARENT_LABEL = 'stepflare.parent'

/** The id of the run that started this one with `step.invoke`, or null. */
export function parentRunIdOf(run: Pick<ClientRun, 'labels'> | null): string | null {
  return run?.labels[PARENT_LABEL] ?? null
}

/** Whether a run has started child runs: one of its waits is a `step.invoke` wait. */
export function hasChildRuns(waits: readonly DurableWait[]): boolean {
  return waits.some((wait) => invokedJobOf(wait) !== null)
}

/**
 * The parent's invoke wait that started a child: the one whose answer names the child's run id, else the only
 * pending invoke wait of the child's job (null when none or several could be it).
 */
export function invokeWaitOf(child: Pick<ClientRun, 'id' | 'jobName'>, parentWaits: readonly DurableWait[]): DurableWait | null {
  const answered = parentWaits.find((wait) => (wait.payload as { runId?: unknown } | null)?.runId === child.id && invokedJobOf(wait) !== null)
  if (answered) return answered
  const pending = parentWaits.filter((wait) => wait.status === 'pending' && invokedJobOf(wait) === child.jobName)
  return pending.length === 1 ? (pending[0] ?? null) : null
}
