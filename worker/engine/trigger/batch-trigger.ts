// Triggering many runs at once: all validated first, new runs inserted with one statement, one call per shard.
import { runStub, type EngineEnv } from '../bindings'
import { ValidationError } from '../errors'
import { shardOf } from '../ids'
import type { NewRunState } from '../shard/run-host'
import { insertRuns } from '../d1/run-store'
import { checkTrigger, newRunId, triggerRun } from './trigger'
import { startTimeOf } from './trigger-options'
import type { AnyJobDefinition, CheckedTrigger, TriggerOptions, TriggerResult } from '../types'

export interface TriggerRequest {
  job: AnyJobDefinition
  input: unknown
  options?: TriggerOptions
}

/** At most this many runs per call. */
export const MAX_BATCH = 1000

/** Checks every request before any run starts; a ValidationError names the run (`runs.3.input.email`). */
export async function checkAll(requests: TriggerRequest[]): Promise<CheckedTrigger[]> {
  if (requests.length > MAX_BATCH) throw new ValidationError(`At most ${MAX_BATCH} runs per batch`, [{ path: 'runs', message: `at most ${MAX_BATCH}` }])
  const checked: CheckedTrigger[] = []
  for (const [index, request] of requests.entries()) {
    try {
      checked.push(await checkTrigger(request.job, request.input, request.options))
    } catch (error) {
      throw error instanceof ValidationError ? error.under(`runs.${index}`) : error
    }
  }
  return checked
}

/**
 * Triggers every request, in order. Requests with an idempotency or concurrency key go one by one (they may resolve
 * to an existing run); the others are inserted with one multi-row statement per kind and started per shard.
 */
export async function triggerRuns(env: EngineEnv, requests: CheckedTrigger[]): Promise<TriggerResult<unknown>[]> {
  const inputs = requests.map((request) => request.input)
  const results: (TriggerResult<unknown> | undefined)[] = new Array(requests.length)
  const plain: number[] = []
  for (let i = 0; i < requests.length; i++) {
    const options = requests[i]?.options ?? {}
    if (options.idempotencyKey || options.concurrencyKey) {
      results[i] = await triggerRun(env, requests[i] as CheckedTrigger)
    } else plain.push(i)
  }
  const now = new Date()
  const created: NewRunState[] = plain.map((i) => ({
    id: newRunId(now.getTime()),
    jobName: requests[i]?.job.name ?? '',
    input: inputs[i],
    labels: { ...(requests[i]?.options?.labels ?? {}) },
    concurrencyKey: null,
    createdAt: now.toISOString(),
    wakeAt: startTimeOf(requests[i]?.options ?? {}, now.getTime()),
  }))
  if (created.length > 0) {
    const runs = await insertRuns(
      env.DB,
      created.map((run) => ({ ...run, idempotencyKey: null, now: run.createdAt, runAt: run.wakeAt })),
    )
    runs.forEach((run, k) => {
      results[plain[k] as number] = { ...run, disposition: 'created' }
    })
  }
  await startPerShard(env, created)
  return results as TriggerResult<unknown>[]
}

async function startPerShard(env: EngineEnv, runs: NewRunState[]): Promise<void> {
  const byShard = new Map<string, NewRunState[]>()
  for (const run of runs) {
    const key = String(shardOf(run.id))
    byShard.set(key, [...(byShard.get(key) ?? []), run])
  }
  await Promise.all([...byShard.values()].map((group) => runStub(env, group[0]?.id ?? '').initMany(group)))
}
