// Which actions a run allows in its current status (and, for answering a wait, in what it waits for).
import type { RunStatus, WaitingFor } from './types'

/** The commands a run's buttons offer (in its row and on its page). */
export type RunCommand = 'retrigger' | 'cancel' | 'delete'
/** Everything a person can do with a run: its commands, and answering the wait it is suspended on. */
export type RunAction = RunCommand | 'signal'

/**
 * ```ts
 * allowedActions('waiting', { kind: 'signal', … }) // → ['cancel', 'signal']
 * allowedActions('waiting', { kind: 'sleep', … })  // → ['cancel']
 * ```
 */
export function allowedActions(status: RunStatus, waitingFor: Pick<WaitingFor, 'kind'> | null = null): RunAction[] {
  if (status === 'waiting' && waitingFor?.kind === 'signal') return ['cancel', 'signal']
  if (status === 'pending' || status === 'leased' || status === 'waiting') return ['cancel']
  return ['retrigger', 'delete']
}

/** The commands among a run's allowed actions, for its buttons. */
export function allowedCommands(status: RunStatus): RunCommand[] {
  return allowedActions(status).filter((action): action is RunCommand => action !== 'signal')
}

export function allows(status: RunStatus, action: RunAction, waitingFor: Pick<WaitingFor, 'kind'> | null = null): boolean {
  return allowedActions(status, waitingFor).includes(action)
}
