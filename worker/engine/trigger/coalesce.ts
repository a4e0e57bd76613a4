// Coalescing triggers ('skip', 'queue', 'active'): create the run or reuse a run of the same job and concurrency key.
import { runStub, type EngineEnv } from '../bindings'
import { insertOrCoalesce, type CoalesceOutcome } from '../d1/coalesce-store'
import type { NewRun } from '../d1/run-store'
import { isTerminalStatus } from '../protocol/statuses'
import type { Run, TriggerOptions } from '../types'

export type CoalesceMode = NonNullable<TriggerOptions['coalesce']>

/** Whether D1's lease expiry of a leased run has passed (D1 keeps the expiry of the claim; shards do not renew it). */
function leaseLapsed(run: Run, now: string): boolean {
  return run.status === 'leased' && (run.leaseExpiresAt === null || run.leaseExpiresAt <= now)
}

/** Whether the run's shard still has it pending, leased or waiting (a lapsed lease in D1 may belong to a live run). */
async function stillActive(env: EngineEnv, run: Run): Promise<boolean> {
  // The stub's answer type loses Run's shape over RPC; the shard returns a Run.
  const view = (await runStub(env, run.id).view(run.id)) as Run | null
  return view !== null && !isTerminalStatus(view.status)
}

/**
 * 'skip' and 'queue': reuse the pending run of the key, or create one (behind a leased run, it waits its turn).
 * 'active': reuse the pending run, else a leased run, else the oldest waiting run, else create one. A leased run whose
 * lease in D1 has lapsed is reused only when its shard still runs it (a shard renews its lease in its own storage, not
 * in D1, so a long step outlives D1's expiry); otherwise the trigger is decided again without it.
 */
export async function coalesceTrigger(env: EngineEnv, record: NewRun, mode: CoalesceMode): Promise<CoalesceOutcome> {
  if (mode !== 'active') return insertOrCoalesce(env.DB, record, { kind: 'pending' })
  const outcome = await insertOrCoalesce(env.DB, record, { kind: 'active', leaseCutoff: null })
  if (outcome.disposition !== 'coalesced' || !leaseLapsed(outcome.run, record.now)) return outcome
  if (await stillActive(env, outcome.run)) return outcome
  return insertOrCoalesce(env.DB, record, { kind: 'active', leaseCutoff: new Date().toISOString() })
}
