// Cancelling a run from its shard: the running step's signal fires at once, D1 records `cancelled`, subscribers are told.
import { ConflictError } from '../errors'
import type { CancelHost } from './ports'
import { cancelRun, getRun } from '../d1/run-store'

/** D1 decides: the fenced cancel lands only on a pending or leased run, and the shard then adopts what D1 holds. */
export async function cancelHostedRun(host: CancelHost, runId: string): Promise<void> {
  if (!host.runState) return cancelUnrecorded(host.d1, runId)
  const { state } = host
  if (host.isEnded()) throw new ConflictError(`Cannot cancel ${state.status} run: ${state.id}`)
  host.controller?.abort(new Error('cancelled'))
  await host.mirror.flush()
  const run = await cancelRun(host.d1, state.id, new Date().toISOString())
  if (!run) {
    const current = await getRun(host.d1, state.id)
    throw new ConflictError(`Cannot cancel run ${state.id}: it is ${current?.status ?? 'gone'}`)
  }
  await host.endAs(run)
}

/** A run the Worker knows but this shard never recorded (e.g. its init call was lost). */
async function cancelUnrecorded(d1: D1Database, runId: string): Promise<void> {
  const run = await cancelRun(d1, runId, new Date().toISOString())
  if (!run) throw new ConflictError(`Cannot cancel run ${runId}: it is not active`)
}
