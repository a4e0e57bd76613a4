// Converts D1 rows to the engine's Run, Step and Log shapes (JSON columns parsed).
import type { Selectable } from 'kysely'
import type { LogsTable, RunsTable, StepsTable } from './db'
import type { Log, Run, Step } from '../types'

export function parseJson<T = unknown>(text: string | null | undefined): T | null {
  if (text === null || text === undefined) return null
  return JSON.parse(text) as T
}

export function rowToRun(row: Selectable<RunsTable>): Run {
  return {
    id: row.id,
    jobName: row.job_name,
    input: parseJson(row.input),
    status: row.status,
    idempotencyKey: row.idempotency_key,
    concurrencyKey: row.concurrency_key,
    currentStepIndex: row.current_step_index,
    completedStepCount: row.completed_step_count,
    progress: parseJson(row.progress),
    output: parseJson(row.output),
    error: row.error,
    labels: parseJson<Record<string, string>>(row.labels) ?? {},
    leaseOwner: row.lease_owner,
    leaseExpiresAt: row.lease_expires_at,
    leaseGeneration: row.lease_generation,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    wakeAt: row.wake_at ?? null,
    waitingFor: parseJson<Run['waitingFor']>(row.waiting_for ?? null),
  }
}

export function rowToStep(row: Selectable<StepsTable>): Step {
  return {
    id: row.id,
    runId: row.run_id,
    name: row.name,
    index: row.index,
    status: row.status,
    output: parseJson(row.output),
    error: row.error,
    startedAt: row.started_at,
    completedAt: row.completed_at,
  }
}

export function rowToLog(row: Selectable<LogsTable>): Log {
  return {
    id: row.id,
    runId: row.run_id,
    sequence: row.sequence,
    stepName: row.step_name,
    level: row.level,
    message: row.message,
    data: parseJson(row.data),
    createdAt: row.created_at,
  }
}
