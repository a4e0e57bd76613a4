// Triggering many runs at once: all validated first, new runs inserted with one statement, one call per shard.
import { runStub, type EngineEnv } from './bindings'
import { getDb, toStatement } from './db'
import { ValidationError } from './errors'
import { shardOf } from './ids'
import type { NewRunState } from './run-host'
import { sql } from 'kysely'
import { newRunId, triggerRun, validateInput, validateOptions } from './trigger'
import type { AnyJobDefinition, Run, TriggerOptions, TriggerResult } from './types'

export interface TriggerRequest {
  job: AnyJobDefinition
  input: unknown
  options?: TriggerOptions
}

/** At most this many runs per call. */
export const MAX_BATCH = 1000

function validateAll(requests: TriggerRequest[]): unknown[] {
  if (requests.length > MAX_BATCH) throw new ValidationError(`At most ${MAX_BATCH} runs per batch`, [{ path: 'runs', message: `at most ${MAX_BATCH}` }])
  return requests.map((request, index) => {
    try {
      validateOptions(request.options ?? {})
      return validateInput(request.job, request.input)
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error
      const issues = error.issues.map((issue) => ({ ...issue, path: `runs.${index}.${issue.path}` }))
      throw new ValidationError(`runs.${index}: ${error.message}`, issues)
    }
  })
}

/**
 * Triggers every request, in order. Requests with an idempotency or concurrency key go one by one (they may resolve
 * to an existing run); the others are inserted with one multi-row statement per kind and started per shard.
 */
export async function triggerRuns(env: EngineEnv, requests: TriggerRequest[]): Promise<TriggerResult<unknown>[]> {
  const inputs = validateAll(requests)
  const results: (TriggerResult<unknown> | undefined)[] = new Array(requests.length)
  const plain: number[] = []
  for (let i = 0; i < requests.length; i++) {
    const options = requests[i]?.options ?? {}
    if (options.idempotencyKey || options.concurrencyKey) {
      results[i] = await triggerRun(env, requests[i]?.job as AnyJobDefinition, inputs[i], options)
    } else plain.push(i)
  }
  const now = new Date()
  const at = now.toISOString()
  const created: NewRunState[] = plain.map((i) => ({
    id: newRunId(now.getTime()),
    jobName: requests[i]?.job.name ?? '',
    input: inputs[i],
    labels: { ...(requests[i]?.options?.labels ?? {}) },
    concurrencyKey: null,
    createdAt: at,
  }))
  if (created.length > 0) await insertMany(env, created)
  created.forEach((state, k) => {
    results[plain[k] as number] = { ...newRun(state), disposition: 'created' }
  })
  await startPerShard(env, created)
  return results as TriggerResult<unknown>[]
}

async function insertMany(env: EngineEnv, runs: NewRunState[]): Promise<void> {
  const db = getDb(env.DB)
  const rows = runs.map((run) => ({ id: run.id, job: run.jobName, input: JSON.stringify(run.input ?? null), labels: JSON.stringify(run.labels), at: run.createdAt }))
  const labels = runs.flatMap((run) => Object.entries(run.labels).map(([key, value]) => ({ id: run.id, key, value })))
  const statements = [
    toStatement(env.DB, sql`insert into runs (id, job_name, input, status, labels, created_at, updated_at)
      select json_extract(value, '$.id'), json_extract(value, '$.job'), json_extract(value, '$.input'), 'pending',
        json_extract(value, '$.labels'), json_extract(value, '$.at'), json_extract(value, '$.at')
      from json_each(${JSON.stringify(rows)})`.compile(db)),
  ]
  if (labels.length > 0) {
    statements.push(toStatement(env.DB, sql`insert into run_labels (run_id, key, value)
      select json_extract(value, '$.id'), json_extract(value, '$.key'), json_extract(value, '$.value')
      from json_each(${JSON.stringify(labels)})`.compile(db)))
  }
  await env.DB.batch(statements)
}

async function startPerShard(env: EngineEnv, runs: NewRunState[]): Promise<void> {
  const byShard = new Map<string, NewRunState[]>()
  for (const run of runs) {
    const key = String(shardOf(run.id))
    byShard.set(key, [...(byShard.get(key) ?? []), run])
  }
  await Promise.all([...byShard.values()].map((group) => runStub(env, group[0]?.id ?? '').initMany(group)))
}

function newRun(state: NewRunState): Run {
  return {
    id: state.id,
    jobName: state.jobName,
    input: state.input,
    status: 'pending',
    idempotencyKey: null,
    concurrencyKey: null,
    currentStepIndex: 0,
    completedStepCount: 0,
    progress: null,
    output: null,
    error: null,
    labels: state.labels,
    leaseOwner: null,
    leaseExpiresAt: null,
    leaseGeneration: 0,
    startedAt: null,
    completedAt: null,
    createdAt: state.createdAt,
    updatedAt: state.createdAt,
  }
}

