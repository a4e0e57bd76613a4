// Which actions a run allows in its current status.
import type { RunStatus } from './types'

export type RunAction = 'retrigger' | 'cancel' | 'delete'

export function allowedActions(status: RunStatus): RunAction[] {
  if (status === 'pending' || status === 'leased' || status === 'waiting') return ['cancel']
  return ['retrigger', 'delete']
}

export function allows(status: RunStatus, action: RunAction): boolean {
  return allowedActions(status).includes(action)
}
