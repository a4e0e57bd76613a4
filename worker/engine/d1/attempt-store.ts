// Attempts of steps in D1: the fenced insert of attempts that did not complete, and a run's attempts as clients see them.
import { sql } from 'kysely'
import { all, db, toSql, type SqlStatement } from './db'
import type { Fence } from './fenced-writes'
import { parseJson } from './rows'
import type { Attempt, AttemptOutcome } from '../types'

/** An attempt of a step that failed, timed out or was cut off by a restart (from its step:retry or step:fail event). */
export interface AttemptRecord {
  stepIndex: number
  stepName: string
  attempt: number
  outcome: AttemptOutcome
  error: string | null
  stack: string | null
  startedAt: string
  endedAt: string | null
  metadata: string | null
}

/** One INSERT … SELECT of a chunk's attempts, applied only while the fence holds; inserting one again is a no-op. */
export function insertAttemptsStatement(fence: Fence, attempts: AttemptRecord[]): SqlStatement {
  const query = sql`insert into step_attempts (run_id, step_index, attempt, step_name, outcome, error, stack, started_at, ended_at, metadata)
    select ${fence.runId}, json_extract(value, '$.stepIndex'), json_extract(value, '$.attempt'), json_extract(value, '$.stepName'),
      json_extract(value, '$.outcome'), json_extract(value, '$.error'), json_extract(value, '$.stack'),
      json_extract(value, '$.startedAt'), json_extract(value, '$.endedAt'), json_extract(value, '$.metadata')
    from json_each(${JSON.stringify(attempts)})
    where exists (select 1 from runs where id = ${fence.runId} and lease_generation = ${fence.generation} and status = 'leased')
    on conflict (run_id, step_index, attempt) do nothing`.compile(db)
  return toSql(query)
}

/**
 * Every attempt of a run's steps in step and attempt order: the stored ones that did not complete, and each
 * completed step as its last attempt (numbered after the ones before it).
 */
export async function listAttempts(d1: D1Database, runId: string): Promise<Attempt[]> {
  const query = sql<AttemptRow>`select step_index, attempt, step_name, outcome, error, stack, null as output, started_at, ended_at, metadata
      from step_attempts where run_id = ${runId}
    union all
    select s."index", 1 + (select count(*) from step_attempts a where a.run_id = s.run_id and a.step_index = s."index"),
      s.name, 'completed', null, null, s.output, s.started_at, s.completed_at, s.attempt_metadata
      from steps s where s.run_id = ${runId} and s.status = 'completed'
    order by 1, 2`.compile(db)
  const rows = await all(d1, { compile: () => query })
  return rows.map((row) => ({
    runId,
    stepIndex: row.step_index,
    stepName: row.step_name,
    attempt: row.attempt,
    outcome: row.outcome,
    error: row.error,
    stack: row.stack,
    output: parseJson(row.output),
    metadata: parseJson(row.metadata),
    startedAt: row.started_at,
    endedAt: row.ended_at,
  }))
}

interface AttemptRow {
  step_index: number
  attempt: number
  step_name: string
  outcome: Attempt['outcome']
  error: string | null
  stack: string | null
  output: string | null
  started_at: string
  ended_at: string | null
  metadata: string | null
}
