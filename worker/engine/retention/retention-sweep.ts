// The retention sweep: deletes finished runs older than `retainRunsMs` in bounded batches (the Worker's cron calls it).
import type { EngineEnv } from '../bindings'
import { MAX_PURGE_LIMIT, type SweepOptions, type SweepResult } from './purge-options'
import { purgeFinishedRuns } from './purge-runs'

export const SWEEP_BATCH_SIZE = 500
export const SWEEP_MAX_BATCHES = 20
/**
 * Subrequests (D1 calls and shard calls) one sweep may make, well under the Workers limit of an invocation: a batch
 * costs two D1 calls and one call per shard among its runs. The sweep stops early rather than cross it.
 */
export const SWEEP_SUBREQUEST_BUDGET = 900

/**
 * Deletes finished runs that ended more than `retainRunsMs` before `options.now`, `batchSize` at a time, until none
 * is left, `maxBatches` were sent or the next batch could pass the subrequest budget; the next sweep goes on from
 * there. Does nothing when runs are kept for ever (`Infinity`).
 */
export async function sweepFinishedRuns(env: EngineEnv, retainRunsMs: number, options: SweepOptions = {}): Promise<SweepResult> {
  if (!Number.isFinite(retainRunsMs)) return { deleted: 0, batches: 0, more: false }
  const batchSize = Math.min(Math.max(1, Math.floor(options.batchSize ?? SWEEP_BATCH_SIZE)), MAX_PURGE_LIMIT)
  const maxBatches = Math.max(1, Math.floor(options.maxBatches ?? SWEEP_MAX_BATCHES))
  const cutoff = new Date((options.now ?? Date.now()) - retainRunsMs).toISOString()
  let deleted = 0
  let batches = 0
  let subrequests = 0
  let more = true
  let lastCost = 0
  while (more && batches < maxBatches && subrequests + lastCost <= SWEEP_SUBREQUEST_BUDGET) {
    const batch = await purgeFinishedRuns(env, cutoff, batchSize)
    batches++
    deleted += batch.deleted
    more = batch.more
    lastCost = 2 + batch.shardCalls
    subrequests += lastCost
  }
  return { deleted, batches, more }
}
