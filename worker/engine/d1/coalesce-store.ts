// A coalescing trigger in one D1 batch: insert the run unless a run of its job and concurrency key may take its place,
// then read back whichever run answers the trigger (the idempotent one, the new one, or the one coalesced onto).
import { sql, type RawBuilder } from 'kysely'
import { batchSql, db, toSql } from './db'
import { rowToRun } from './rows'
import { pendingRow, type NewRun, type RunRow } from './run-store'
import type { Run } from '../types'

/**
 * Which existing runs of the job and key take the place of a new one. `pending`: the pending run ('skip', 'queue').
 * `active`: a pending run, else a leased run, else a waiting run ('active'); with `leaseCutoff`, a leased run counts only
 * while D1's lease expiry is later than it.
 */
export type CoalesceTarget = { kind: 'pending' } | { kind: 'active'; leaseCutoff: string | null }

export type CoalesceOutcome = { run: Run; disposition: 'created' | 'idempotent' | 'coalesced' }

function blocking(target: CoalesceTarget): RawBuilder<boolean> {
  if (target.kind === 'pending') return sql<boolean>`status = 'pending'`
  const leased =
    target.leaseCutoff === null
      ? sql`status = 'leased'`
      : sql`(status = 'leased' and lease_expires_at > ${target.leaseCutoff})`
  return sql<boolean>`(status in ('pending', 'waiting') or ${leased})`
}

/** Inserts the run's row unless a blocking run exists; a run already holding the idempotency key makes it a no-op. */
function insertUnlessBlocked(run: NewRun, target: CoalesceTarget) {
  const row = pendingRow(run)
  const columns = Object.keys(row) as (keyof RunRow)[]
  return sql`insert into runs (${sql.join(columns.map((column) => sql.ref(column)))})
    select ${sql.join(columns.map((column) => sql.val(row[column])))}
    where not exists (select 1 from runs where job_name = ${run.jobName} and concurrency_key = ${run.concurrencyKey}
      and ${blocking(target)})
    on conflict do nothing`.compile(db)
}

/** The new run's labels, inserted only when the run itself was. */
function insertLabelsIfInserted(run: NewRun) {
  return sql`insert into run_labels (run_id, key, value)
    select ${run.id}, key, value from json_each(${JSON.stringify(run.labels)})
    where exists (select 1 from runs where id = ${run.id})`.compile(db)
}

/**
 * The run that answers: the one holding the idempotency key (the new run holds it when it was inserted), else the new
 * run, else the blocking run by preference (pending, leased, waiting; oldest first).
 */
function selectAnswer(run: NewRun, target: CoalesceTarget) {
  return sql<RunRow>`select * from runs
    where job_name = ${run.jobName}
      and (id = ${run.id} or idempotency_key = ${run.idempotencyKey}
        or (concurrency_key = ${run.concurrencyKey} and ${blocking(target)}))
    order by case when idempotency_key = ${run.idempotencyKey} then 0 when id = ${run.id} then 1
      when status = 'pending' then 2 when status = 'leased' then 3 else 4 end, created_at, id
    limit 1`.compile(db)
}

/**
 * Creates the run or finds the one that takes its place, in one batch (one transaction): no other trigger and no
 * claim of the pending run can come between the check and the insert, so at most one pending run per key results.
 *
 * @example
 * const { run, disposition } = await insertOrCoalesce(env.DB, record, { kind: 'pending' })
 */
export async function insertOrCoalesce(d1: D1Database, run: NewRun, target: CoalesceTarget): Promise<CoalesceOutcome> {
  const statements = [toSql(insertUnlessBlocked(run, target))]
  if (Object.keys(run.labels).length > 0) statements.push(toSql(insertLabelsIfInserted(run)))
  statements.push(toSql(selectAnswer(run, target)))
  const results = await batchSql(d1, statements)
  const row = results.at(-1)?.results[0] as RunRow | undefined
  if (!row) throw new Error(`D1 neither inserted run ${run.id} nor found a run to answer its trigger`)
  const answer = rowToRun(row)
  if (run.idempotencyKey !== null && answer.idempotencyKey === run.idempotencyKey && answer.id !== run.id) {
    return { run: answer, disposition: 'idempotent' }
  }
  return { run: answer, disposition: answer.id === run.id ? 'created' : 'coalesced' }
}
