// A durable wait as stored (shard journal and D1 share these columns) and as the protocol shows it (timings derived).
import type { DurableWait } from '../protocol/records'
import type { WaitOutcome, WaitStatus } from '../protocol/statuses'

/** The stored columns of a wait (JSON columns as text). */
export interface WaitRow {
  id: string
  run_id: string
  name: string
  metadata: string | null
  status: WaitStatus
  payload: string | null
  signal_id: string | null
  outcome: WaitOutcome | null
  created_at: string
  deadline_at: string | null
  suspended_at: string | null
  resolved_at: string | null
  first_resumed_at: string | null
}

const ms = (iso: string) => Date.parse(iso)

/** The wait as clients see it, with `inputWaitMs` and `executionSlotWaitMs` derived from its times. */
export function toDurableWait(row: WaitRow): DurableWait {
  const resolved = row.outcome !== null && row.resolved_at !== null
  const suspended = row.suspended_at
  const inputWaitMs = !resolved ? null : suspended === null ? 0 : Math.max(0, ms(row.resolved_at as string) - ms(suspended))
  const executionSlotWaitMs = !resolved
    ? null
    : suspended === null
      ? 0
      : row.first_resumed_at === null
        ? null
        : Math.max(0, ms(row.first_resumed_at) - Math.max(ms(row.resolved_at as string), ms(suspended)))
  return {
    id: row.id,
    runId: row.run_id,
    name: row.name,
    metadata: row.metadata === null ? null : JSON.parse(row.metadata),
    status: row.status,
    payload: row.payload === null ? null : JSON.parse(row.payload),
    signalId: row.signal_id,
    createdAt: row.created_at,
    deadlineAt: row.deadline_at,
    outcome: row.outcome,
    suspendedAt: row.suspended_at,
    resolvedAt: row.resolved_at,
    firstResumedAt: row.first_resumed_at,
    inputWaitMs,
    executionSlotWaitMs,
  }
}

/** The run a wait belongs to: a wait id is `<runId>.<suffix>`, so a signal finds its run's shard without a lookup. */
export function runIdOfWait(waitId: string): string | null {
  const dot = waitId.lastIndexOf('.')
  return dot > 0 ? waitId.slice(0, dot) : null
}
