// D1 reads and unfenced writes of runs: create (one or many), look up, list, count, cancel and delete (one SQL operation each).
import { sql, type Selectable, type SelectQueryBuilder } from 'kysely'
import { all, batchSql, db, first, toSql, toStatement, type Database, type RunsTable, type SqlStatement } from './db'
import { rowToLog, rowToRun, rowToStep } from './rows'
import { TERMINAL_STATUSES, type Labels, type Log, type Run, type RunFilter, type Step, type WaitingFor } from '../types'

export type RunRow = Selectable<RunsTable>

export interface NewRun {
  id: string
  jobName: string
  input: unknown
  idempotencyKey: string | null
  concurrencyKey: string | null
  labels: Labels
  now: string
  /** A delayed run: when it starts (ISO 8601). */
  runAt?: string | null
}

/** The row of a new pending run. */
export function pendingRow(run: NewRun): RunRow {
  return {
    id: run.id,
    job_name: run.jobName,
    input: JSON.stringify(run.input ?? null),
    status: 'pending',
    idempotency_key: run.idempotencyKey,
    concurrency_key: run.concurrencyKey,
    current_step_index: 0,
    completed_step_count: 0,
    progress: null,
    output: null,
    error: null,
    labels: JSON.stringify(run.labels),
    lease_owner: null,
    lease_expires_at: null,
    lease_generation: 0,
    attempts: 0,
    last_sequence: 0,
    started_at: null,
    completed_at: null,
    created_at: run.now,
    updated_at: run.now,
    wake_at: run.runAt ?? null,
    waiting_for: run.runAt ? JSON.stringify(DELAY_WAIT) : null,
  }
}

/** What a delayed run waits for before it starts. */
export const DELAY_WAIT: WaitingFor = { kind: 'delay', stepName: null, stepIndex: null, attempt: null, error: null }

/** The run a trigger creates, before any store has it. */
export function newRunRecord(run: NewRun): Run {
  return rowToRun(pendingRow(run))
}

/** The statements that insert a run's label rows; `ifAbsent` makes each a no-op when the row is there. */
export function insertLabelStatements(run: NewRun, ifAbsent: boolean): SqlStatement[] {
  return Object.entries(run.labels).map(([key, value]) => {
    const label = db.insertInto('run_labels').values({ run_id: run.id, key, value })
    return toSql((ifAbsent ? label.onConflict((oc) => oc.doNothing()) : label).compile())
  })
}

/**
 * The statements that insert a pending run and its label rows. `ifAbsent` makes them no-ops when the run is there
 * (a shard that recorded the run itself may send them again after a crash).
 */
export function insertRunStatements(run: NewRun, ifAbsent = false): SqlStatement[] {
  const runs = db.insertInto('runs').values(pendingRow(run))
  return [toSql((ifAbsent ? runs.onConflict((oc) => oc.doNothing()) : runs).compile()), ...insertLabelStatements(run, ifAbsent)]
}

/** Inserts a pending run and its label rows in one batch. Throws D1's UNIQUE error on a key conflict. */
export async function insertRun(d1: D1Database, run: NewRun): Promise<Run> {
  await batchSql(d1, insertRunStatements(run))
  return newRunRecord(run)
}

/** Inserts many pending runs with one multi-row statement (and one for all their labels), in one batch. */
export async function insertRuns(d1: D1Database, runs: NewRun[]): Promise<Run[]> {
  const rows = runs.map(pendingRow)
  const labels = runs.flatMap((run) => Object.entries(run.labels).map(([key, value]) => ({ run_id: run.id, key, value })))
  const statements = [
    toStatement(d1, sql`insert into runs (id, job_name, input, status, idempotency_key, concurrency_key, labels, created_at, updated_at,
        wake_at, waiting_for)
      select json_extract(value, '$.id'), json_extract(value, '$.job_name'), json_extract(value, '$.input'),
        json_extract(value, '$.status'), json_extract(value, '$.idempotency_key'), json_extract(value, '$.concurrency_key'),
        json_extract(value, '$.labels'), json_extract(value, '$.created_at'), json_extract(value, '$.updated_at'),
        json_extract(value, '$.wake_at'), json_extract(value, '$.waiting_for')
      from json_each(${JSON.stringify(rows)})`.compile(db)),
  ]
  if (labels.length > 0) {
    statements.push(toStatement(d1, sql`insert into run_labels (run_id, key, value)
      select json_extract(value, '$.run_id'), json_extract(value, '$.key'), json_extract(value, '$.value')
      from json_each(${JSON.stringify(labels)})`.compile(db)))
  }
  await d1.batch(statements)
  return rows.map(rowToRun)
}

export async function getRun(d1: D1Database, runId: string): Promise<Run | null> {
  const row = await first(d1, db.selectFrom('runs').selectAll().where('id', '=', runId))
  return row ? rowToRun(row) : null
}

export async function findRunByIdempotencyKey(d1: D1Database, jobName: string, key: string): Promise<Run | null> {
  const row = await first(
    d1,
    db.selectFrom('runs').selectAll().where('job_name', '=', jobName).where('idempotency_key', '=', key),
  )
  return row ? rowToRun(row) : null
}

export async function findPendingRunByConcurrencyKey(d1: D1Database, jobName: string, key: string): Promise<Run | null> {
  const row = await first(
    d1,
    db
      .selectFrom('runs')
      .selectAll()
      .where('job_name', '=', jobName)
      .where('concurrency_key', '=', key)
      .where('status', '=', 'pending'),
  )
  return row ? rowToRun(row) : null
}

function applyFilter<O>(query: SelectQueryBuilder<Database, 'runs', O>, filter: RunFilter) {
  let q = query
  const statuses = filter.status === undefined ? [] : [filter.status].flat()
  if (statuses.length > 0) q = q.where('status', 'in', statuses)
  const jobNames = filter.jobName === undefined ? [] : [filter.jobName].flat()
  if (jobNames.length > 0) q = q.where('job_name', 'in', jobNames)
  for (const [key, value] of Object.entries(filter.labels ?? {})) {
    if (value === undefined) continue
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('run_labels')
          .select(sql.lit(1).as('one'))
          .whereRef('run_labels.run_id', '=', 'runs.id')
          .where('run_labels.key', '=', key)
          .where('run_labels.value', '=', value),
      ),
    )
  }
  return q
}

/** Runs matching the filter, newest first. */
export async function listRuns(d1: D1Database, filter: RunFilter = {}): Promise<Run[]> {
  let q = applyFilter(db.selectFrom('runs').selectAll(), filter).orderBy('created_at', 'desc').orderBy('id', 'desc')
  if (filter.limit !== undefined) q = q.limit(filter.limit)
  if (filter.offset) q = q.limit(filter.limit ?? -1).offset(filter.offset)
  const rows = await all(d1, q)
  return rows.map(rowToRun)
}

export async function countRuns(d1: D1Database, filter: RunFilter = {}): Promise<number> {
  const row = await first(d1, applyFilter(db.selectFrom('runs').select((eb) => eb.fn.countAll<number>().as('n')), filter))
  return Number(row?.n ?? 0)
}

/** A run's steps in order, each with the number of attempts it took (its stored attempts, plus one if it completed). */
export async function listSteps(d1: D1Database, runId: string): Promise<Step[]> {
  const failedAttempts = sql<number>`(select count(*) from step_attempts a where a.run_id = steps.run_id and a.step_index = steps."index")`
  const rows = await all(
    d1,
    db.selectFrom('steps').selectAll().select(failedAttempts.as('failed_attempts')).where('run_id', '=', runId).orderBy('index'),
  )
  return rows.map((row) => ({ ...rowToStep(row), attempts: Number(row.failed_attempts ?? 0) + (row.status === 'completed' ? 1 : 0) }))
}

/** The run's newest `limit` step rows, newest first (outputs as JSON text), and how many steps it has in all. */
export async function listNewestStepRows(
  d1: D1Database,
  runId: string,
  limit: number,
): Promise<{ newestFirst: Selectable<Database['steps']>[]; total: number }> {
  const rows = await all(
    d1,
    db
      .selectFrom('steps')
      .selectAll()
      .select(sql<number>`count(*) over ()`.as('total'))
      .where('run_id', '=', runId)
      .orderBy('index', 'desc')
      .limit(limit),
  )
  return { newestFirst: rows, total: rows[0]?.total ?? 0 }
}

export async function listLogs(d1: D1Database, runId: string, afterSequence = 0, limit = 500): Promise<Log[]> {
  const rows = await all(
    d1,
    db.selectFrom('logs').selectAll().where('run_id', '=', runId).where('sequence', '>', afterSequence).orderBy('sequence').limit(limit),
  )
  return rows.map(rowToLog)
}

/** Ends a pending, leased or waiting run as cancelled and bumps its generation, fencing out its executor. */
/** The run's newest `limit` logs, oldest first (a stream's replay of a run whose journal was swept). */
export async function listNewestLogs(d1: D1Database, runId: string, limit: number): Promise<Log[]> {
  const rows = await all(
    d1,
    db.selectFrom('logs').selectAll().where('run_id', '=', runId).orderBy('sequence', 'desc').limit(limit),
  )
  return rows.map(rowToLog).reverse()
}

export async function cancelRun(d1: D1Database, runId: string, now: string): Promise<Run | null> {
  const query = db
    .updateTable('runs')
    .set((eb) => ({
      status: 'cancelled',
      lease_generation: eb('lease_generation', '+', 1),
      lease_owner: null,
      lease_expires_at: null,
      completed_at: now,
      updated_at: now,
      wake_at: null,
      waiting_for: null,
    }))
    .where('id', '=', runId)
    .where('status', 'in', ['pending', 'leased', 'waiting'])
    .returningAll()
  const row = await first(d1, query)
  return row ? rowToRun(row) : null
}

/** Deletes a finished run with its labels, steps and logs in one batch; false when it is active or gone. */
export async function deleteFinishedRun(d1: D1Database, runId: string): Promise<boolean> {
  const isFinished = sql<boolean>`exists (select 1 from runs where id = ${runId} and status in (${sql.join(
    TERMINAL_STATUSES,
  )}))`
  const children = (['logs', 'steps', 'step_attempts', 'waits', 'run_labels'] as const).map((table) =>
    toStatement(d1, db.deleteFrom(table).where('run_id', '=', runId).where(isFinished).compile()),
  )
  const runDelete = toStatement(
    d1,
    db.deleteFrom('runs').where('id', '=', runId).where('status', 'in', TERMINAL_STATUSES).compile(),
  )
  const results = await d1.batch([...children, runDelete])
  return (results.at(-1)?.meta.changes ?? 0) > 0
}
