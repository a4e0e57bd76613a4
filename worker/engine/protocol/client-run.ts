// The run as HTTP clients see it: lease bookkeeping removed, `isTerminal`, `isActive` and `isWaiting` derived from its status.
import type { ClientRun, Labels, Run } from './records'
import { isActiveStatus, isTerminalStatus, isWaitingStatus } from './statuses'

export function toClientRun<TLabels extends Labels>(run: Run<TLabels>): ClientRun<TLabels> {
  const {
    idempotencyKey: _idempotencyKey,
    concurrencyKey: _concurrencyKey,
    leaseOwner: _leaseOwner,
    leaseExpiresAt: _leaseExpiresAt,
    leaseGeneration: _leaseGeneration,
    updatedAt: _updatedAt,
    ...visible
  } = run
  return {
    ...visible,
    isTerminal: isTerminalStatus(run.status),
    isActive: isActiveStatus(run.status),
    isWaiting: isWaitingStatus(run.status),
  }
}
