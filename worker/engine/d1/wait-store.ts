// Durable waits in D1: the shard's copy of each wait (upserted as it changes) and reads once the journal is gone.
import { sql } from 'kysely'
import { all, db, first, toSql, type SqlStatement } from './db'
import type { WaitRow } from '../waits/wait-record'

/** One upsert of the given waits (the shard's current rows replace D1's). */
export function upsertWaitsStatement(rows: WaitRow[]): SqlStatement {
  const query = sql`insert into waits (id, run_id, name, metadata, status, payload, signal_id, outcome, created_at, deadline_at,
      suspended_at, resolved_at, first_resumed_at)
    select json_extract(value, '$.id'), json_extract(value, '$.run_id'), json_extract(value, '$.name'),
      json_extract(value, '$.metadata'), json_extract(value, '$.status'), json_extract(value, '$.payload'),
      json_extract(value, '$.signal_id'), json_extract(value, '$.outcome'), json_extract(value, '$.created_at'),
      json_extract(value, '$.deadline_at'), json_extract(value, '$.suspended_at'), json_extract(value, '$.resolved_at'),
      json_extract(value, '$.first_resumed_at')
    from json_each(${JSON.stringify(rows)}) where true
    on conflict (id) do update set status = excluded.status, payload = excluded.payload, signal_id = excluded.signal_id,
      outcome = excluded.outcome, suspended_at = excluded.suspended_at, resolved_at = excluded.resolved_at,
      first_resumed_at = excluded.first_resumed_at`.compile(db)
  return toSql(query)
}

export async function listWaitRows(d1: D1Database, runId: string): Promise<WaitRow[]> {
  return all(d1, db.selectFrom('waits').selectAll().where('run_id', '=', runId).orderBy('created_at').orderBy('id'))
}

export async function getWaitRow(d1: D1Database, waitId: string): Promise<WaitRow | undefined> {
  return first(d1, db.selectFrom('waits').selectAll().where('id', '=', waitId))
}
