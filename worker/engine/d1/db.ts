// The D1 schema as Kysely sees it (single source of truth for column types), its query compiler and the calls that send a query to D1.
import {
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Compilable,
  type CompiledQuery,
  type Generated,
} from 'kysely'
import type { AttemptOutcome, LogLevel, RunStatus, StepStatus } from '../types'
import type { WaitRow } from '../waits/wait-record'

export interface RunsTable {
  id: string
  job_name: string
  input: string
  status: RunStatus
  idempotency_key: string | null
  concurrency_key: string | null
  current_step_index: Generated<number>
  completed_step_count: Generated<number>
  progress: string | null
  output: string | null
  error: string | null
  labels: string
  lease_owner: string | null
  lease_expires_at: string | null
  lease_generation: Generated<number>
  attempts: Generated<number>
  last_sequence: Generated<number>
  started_at: string | null
  completed_at: string | null
  created_at: string
  updated_at: string
  wake_at: string | null
  waiting_for: string | null
}

export interface RunLabelsTable {
  run_id: string
  key: string
  value: string
}

export interface StepsTable {
  id: string
  run_id: string
  name: string
  index: number
  status: StepStatus
  output: string | null
  error: string | null
  started_at: string
  completed_at: string | null
  attempt_metadata: Generated<string | null>
}

export interface StepAttemptsTable {
  run_id: string
  step_index: number
  attempt: number
  step_name: string
  outcome: AttemptOutcome
  error: string | null
  stack: string | null
  started_at: string
  ended_at: string | null
  metadata: string | null
}

export interface LogsTable {
  id: string
  run_id: string
  sequence: number
  step_name: string | null
  level: LogLevel
  message: string
  data: string | null
  created_at: string
}

export interface Database {
  runs: RunsTable
  run_labels: RunLabelsTable
  steps: StepsTable
  logs: LogsTable
  step_attempts: StepAttemptsTable
  waits: WaitRow
  events: EventsTable
}

export interface EventsTable {
  id: string
  name: string
  payload: string
  matched: number
  woken_runs: string
  created_at: string
}

export type Db = Kysely<Database>

/** The SQLite compiler with no connection lock: nothing here ever holds a connection. */
class CompileOnlyAdapter extends SqliteAdapter {
  override get supportsMultipleConnections(): boolean {
    return true
  }
}

/** A driver that refuses to execute: queries go to D1 through `all`, `first` and `run` below. */
class CompileOnlyDriver extends DummyDriver {
  override async acquireConnection(): Promise<never> {
    throw new Error('Kysely only compiles here: send the query with all(), first() or run() from engine/d1/db.ts')
  }
}

/**
 * The query builder of the D1 schema. Kysely compiles SQL and never executes it; `all`, `first` and `run` send each
 * compiled query to D1 as one call of the request that asked for it.
 *
 * What a Worker isolate may share between requests: module scope outlives every request and is shared by all the
 * requests (and Durable Object calls) the isolate serves at once. Keep there only what is immutable or synchronous
 * (this compiler, encoders, schemas, job definitions). Never a promise, a lock, a stream or an object that awaits
 * I/O on behalf of whoever calls next: the runtime cancels requests (a client hangs up, a limit is hit), what a
 * cancelled request left pending stays pending for ever, and every later request that waits on it is killed as
 * hung. An executing Kysely instance kept here did exactly that: its SQLite adapter serialises every query of the
 * instance behind one lock, so one cancelled request wedged every D1 read of the isolate.
 */
export const db: Db = new Kysely<Database>({
  dialect: {
    createAdapter: () => new CompileOnlyAdapter(),
    createDriver: () => new CompileOnlyDriver(),
    createIntrospector: (kysely) => new SqliteIntrospector(kysely),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
})

/** Every row a query returns. */
export async function all<Row>(d1: D1Database, query: Compilable<Row>): Promise<Row[]> {
  const { sql, parameters } = query.compile()
  const result = await d1.prepare(sql).bind(...parameters).all<Row>()
  return result.results
}

/** The first row a query returns, if any. */
export async function first<Row>(d1: D1Database, query: Compilable<Row>): Promise<Row | undefined> {
  const { sql, parameters } = query.compile()
  return (await d1.prepare(sql).bind(...parameters).first<Row>()) ?? undefined
}

/** Runs a write; D1's result tells how many rows changed. */
export function run(d1: D1Database, query: Compilable<unknown>): Promise<D1Result> {
  const { sql, parameters } = query.compile()
  return d1.prepare(sql).bind(...parameters).run()
}

/** Turns a compiled Kysely query into a D1 statement, so several can go in one `batch()`. */
export function toStatement(d1: D1Database, query: CompiledQuery): D1PreparedStatement {
  return d1.prepare(query.sql).bind(...(query.parameters as unknown[]))
}

/** A statement as plain data: it can travel over RPC to the object that sends it to D1. */
export interface SqlStatement {
  sql: string
  params: unknown[]
}

export function toSql(query: CompiledQuery): SqlStatement {
  return { sql: query.sql, params: [...query.parameters] }
}

export function prepare(d1: D1Database, statement: SqlStatement): D1PreparedStatement {
  return d1.prepare(statement.sql).bind(...statement.params)
}

/** Sends `statements` to D1 as one batch (one transaction). */
export function batchSql(d1: D1Database, statements: SqlStatement[]): Promise<D1Result[]> {
  return d1.batch(statements.map((statement) => prepare(d1, statement)))
}
