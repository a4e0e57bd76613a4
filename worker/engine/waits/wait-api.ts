// The wait operations of the durably instance: reads (the run's shard first, D1 once its journal is gone) and signals,
// which go to the run's shard (the wait id names the run).
import { runStub, type EngineEnv } from '../bindings'
import { getWaitRow, listWaitRows } from '../d1/wait-store'
import { ConflictError, GoneError, NotFoundError, PayloadTooLargeError, ValidationError } from '../errors'
import { isRunId } from '../ids'
import type { DurableWait } from '../protocol/records'
import { decideOnResolved } from './run-waits'
import type { SignalOutcome } from '../rpc'
import type { SignalReceipt, WaitOperations } from './wait-types'
import { MAX_WAIT_JSON_BYTES, jsonBytes } from './wait-options'
import { runIdOfWait, toDurableWait } from './wait-record'

/** Longest signal id. */
export const MAX_SIGNAL_ID_LENGTH = 256

function checkSignal(signalId: unknown, payload: unknown): void {
  if (typeof signalId !== 'string' || signalId.length === 0 || signalId.length > MAX_SIGNAL_ID_LENGTH) {
    throw new ValidationError('signalId is required', [{ path: 'signalId', message: `must be a string of 1 to ${MAX_SIGNAL_ID_LENGTH} characters` }])
  }
  const bytes = jsonBytes(payload)
  if (bytes === null) throw new ValidationError('payload must be JSON', [{ path: 'payload', message: 'must be JSON' }])
  if (bytes > MAX_WAIT_JSON_BYTES) throw new PayloadTooLargeError(`The signal payload is ${bytes} bytes as JSON; at most ${MAX_WAIT_JSON_BYTES}`)
}

export type { SignalReceipt, WaitOperations }

export function waitOperations(bindings: () => EngineEnv): WaitOperations {
  const operations: WaitOperations = {
    async getWaits(runId) {
      if (!isRunId(runId)) return []
      const held = (await runStub(bindings(), runId).waits(runId)) as DurableWait[] | null
      return held ?? (await listWaitRows(bindings().DB, runId)).map(toDurableWait)
    },
    async getWait(waitId) {
      const runId = runIdOfWait(waitId)
      if (!runId || !isRunId(runId)) return null
      const held = (await runStub(bindings(), runId).waits(runId)) as DurableWait[] | null
      if (held) return held.find((wait) => wait.id === waitId) ?? null
      const row = await getWaitRow(bindings().DB, waitId)
      return row ? toDurableWait(row) : null
    },
    async deliverSignal(runId, waitId, { signalId, payload }) {
      checkSignal(signalId, payload)
      if (runIdOfWait(waitId) !== runId || !isRunId(runId)) throw new NotFoundError(`Wait not found in run ${runId}: ${waitId}`)
      const outcome = (await runStub(bindings(), runId).signal(runId, waitId, { signalId, payload })) as SignalOutcome | null
      if (outcome === null) {
        // The run's journal is gone (it ended a while ago): D1 answers a retried signal; any other is refused.
        const row = await getWaitRow(bindings().DB, waitId)
        if (!row || row.run_id !== runId) throw new NotFoundError(`Wait not found in run ${runId}: ${waitId}`)
        return decideOnResolved(row, signalId, payload) ?? Promise.reject(new ConflictError(`Run ${runId} has ended: it takes no more signals`))
      }
      if (outcome.ok) return outcome.receipt
      if (outcome.status === 404) throw new NotFoundError(outcome.message)
      if (outcome.status === 410) throw new GoneError(outcome.message)
      throw new ConflictError(outcome.message)
    },
    async signal(waitId, payload, options) {
      const runId = runIdOfWait(waitId)
      if (!runId) throw new NotFoundError(`Wait not found: ${waitId}`)
      return (await operations.deliverSignal(runId, waitId, { signalId: options?.signalId, payload })).wait
    },
  }
  return operations
}
