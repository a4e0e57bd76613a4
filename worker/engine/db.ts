// The D1 schema as Kysely sees it (single source of truth for column types) and the Kysely instance factory.
import { Kysely, type CompiledQuery, type Generated } from 'kysely'
import { D1Dialect } from 'kysely-d1'
import type { LogLevel, RunStatus, StepStatus } from './types'

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
}

export type Db = Kysely<Database>

const cache = new WeakMap<D1Database, Db>()

/** One Kysely instance per D1 binding (cheap to keep, compiled queries only). */
export function getDb(d1: D1Database): Db {
  let db = cache.get(d1)
  if (!db) {
    db = new Kysely<Database>({ dialect: new D1Dialect({ database: d1 }) })
    cache.set(d1, db)
  }
  return db
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
