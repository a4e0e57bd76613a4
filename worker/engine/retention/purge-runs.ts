// Purging finished runs: their D1 rows in one batch per call, then their journals in the shards that held them.
import { runStub, type EngineEnv } from '../bindings'
import { deleteFinishedRuns, selectFinishedRunIds } from '../d1/run-purge'
import { isRunId, shardOf } from '../ids'
import { parseOrInvalidSync } from '../trigger/field-issues'
import { cutoffOf, DEFAULT_PURGE_LIMIT, purgeOptionsSchema, type PurgeOptions, type PurgeResult } from './purge-options'

/** One purge batch, and how many shard calls it took (a sweep keeps its subrequests bounded with it). */
export interface PurgeBatch extends PurgeResult {
  shardCalls: number
}

/**
 * Tells each shard that held runs of `runIds` to drop their journals, one call per shard; answers the calls made. A
 * journal outlives its run's D1 rows only when its shard cannot be reached now: its own sweep removes it later.
 */
async function forgetInShards(env: EngineEnv, runIds: string[]): Promise<number> {
  const byShard = new Map<number, string[]>()
  for (const runId of runIds) {
    // Only ids made here name a shard (readRun asks no shard about others either).
    if (!isRunId(runId)) continue
    const shard = shardOf(runId)
    byShard.set(shard, [...(byShard.get(shard) ?? []), runId])
  }
  await Promise.all(
    [...byShard.values()].map((ids) =>
      runStub(env, ids[0] ?? '')
        .purgeMany(ids)
        .catch((error: unknown) => console.warn(`retention: a shard could not drop ${ids.length} journals: ${String(error)}`)),
    ),
  )
  return byShard.size
}

/**
 * Deletes up to `limit` finished runs that ended before `cutoff` (ISO 8601), with all their rows, and their journals.
 * Pending, leased and waiting runs are never selected, and one that changed meanwhile is left whole.
 */
export async function purgeFinishedRuns(env: EngineEnv, cutoff: string, limit: number): Promise<PurgeBatch> {
  const selected = await selectFinishedRunIds(env.DB, cutoff, limit + 1)
  const deleted = await deleteFinishedRuns(env.DB, selected.slice(0, limit), cutoff)
  const shardCalls = await forgetInShards(env, deleted)
  return { deleted: deleted.length, more: selected.length > limit, shardCalls }
}

/**
 * `durably.purgeRuns`: checks the options (a ValidationError names `olderThan` or `limit`, before anything is deleted),
 * then purges one batch.
 */
export async function purgeRuns(env: EngineEnv, options: PurgeOptions): Promise<PurgeResult> {
  const { olderThan, limit } = parseOrInvalidSync(purgeOptionsSchema, options, 'purge options')
  const cutoff = cutoffOf(olderThan, Date.now())
  if (cutoff === null) throw new TypeError('purge options: olderThan passed its check but names no time')
  const { deleted, more } = await purgeFinishedRuns(env, cutoff, limit ?? DEFAULT_PURGE_LIMIT)
  return { deleted, more }
}
