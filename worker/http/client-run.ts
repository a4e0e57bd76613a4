// The run shape HTTP clients see: lease bookkeeping removed, `isTerminal` and `isActive` added.
import { type ClientRun, type Labels, type Run, TERMINAL_STATUSES } from '../engine/types'

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
    isTerminal: TERMINAL_STATUSES.includes(run.status),
    isActive: run.status === 'pending' || run.status === 'leased',
  }
}
