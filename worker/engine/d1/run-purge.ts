// D1 reads and deletes of finished runs that ended before a cutoff, for retention (one SQL operation each).
import { sql, type RawBuilder } from 'kysely'
import { all, db, toStatement } from './db'
import { TERMINAL_STATUSES } from '../protocol/statuses'

/** The tables holding rows of a run besides `runs` itself, each keyed by `run_id`. */
const CHILD_TABLES = ['step_attempts', 'waits', 'logs', 'steps', 'run_labels'] as const

/** Ids of up to `limit` finished runs that ended before `cutoff` (ISO 8601), oldest ending first (index runs_completed). */
export async function selectFinishedRunIds(d1: D1Database, cutoff: string, limit: number): Promise<string[]> {
  const rows = await all(
    d1,
    db
      .selectFrom('runs')
      .select('id')
      .where('completed_at', '<', cutoff)
      .where('status', 'in', TERMINAL_STATUSES)
      .orderBy('completed_at')
      .limit(limit),
  )
  return rows.map((row) => row.id)
}

/**
 * The condition, checked again by every statement of the delete, that a run of `ids` (a JSON array: one bound value
 * whatever the count, as D1 binds at most 100 per statement) is still finished and ended before `cutoff`.
 */
function stillPurgeable(ids: string, cutoff: string): RawBuilder<unknown> {
  return sql`id in (select value from json_each(${ids})) and status in (${sql.join(TERMINAL_STATUSES)}) and completed_at < ${cutoff}`
}

/**
 * Deletes the runs of `runIds` that are still finished and ended before `cutoff`, with their attempts, logs, steps and
 * labels, in one batch (children first, each under the same condition, so a run that changed since it was selected
 * keeps every row). Answers the ids of the runs deleted.
 */
export async function deleteFinishedRuns(d1: D1Database, runIds: string[], cutoff: string): Promise<string[]> {
  if (runIds.length === 0) return []
  const condition = stillPurgeable(JSON.stringify(runIds), cutoff)
  const children = CHILD_TABLES.map((table) =>
    toStatement(d1, sql`delete from ${sql.table(table)} where run_id in (select id from runs where ${condition})`.compile(db)),
  )
  const runs = toStatement(d1, sql`delete from runs where ${condition} returning id`.compile(db))
  const results = await d1.batch<{ id: string }>([...children, runs])
  return (results.at(-1)?.results ?? []).map((row) => row.id)
}
