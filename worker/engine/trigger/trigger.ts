// Creating a run: validate input and options, honour idempotency and concurrency keys, insert it, wake its object.
import { runStub, type EngineEnv } from '../bindings'
import { ConflictError, PayloadTooLargeError } from '../errors'
import { invalidFields, parseOrInvalid, parseOrInvalidSync } from './field-issues'
import { MAX_SHARDS, newId } from '../ids'
import { settings } from '../registry'
import { findPendingRunByConcurrencyKey, findRunByIdempotencyKey, insertRun, newRunRecord, type NewRun } from '../d1/run-store'
import { coalesceTrigger } from './coalesce'
import { startTimeOf, triggerOptionsSchema } from './trigger-options'
import type { ParentLink, SeedStep } from '../rpc'
import type { AnyJobDefinition, CheckedTrigger, Labels, Run, TriggerOptions, TriggerResult } from '../types'

/** D1 stores a row of at most ~1 MB here and 2 MB hosted; the input must leave room for the rest of the row. */
export const MAX_INPUT_BYTES = 900_000

function checkInputSize(job: AnyJobDefinition, data: unknown): void {
  const size = new TextEncoder().encode(JSON.stringify(data ?? null)).byteLength
  if (size > MAX_INPUT_BYTES) {
    throw new PayloadTooLargeError(`The input of job "${job.name}" is ${size} bytes; a run stores at most ${MAX_INPUT_BYTES}`)
  }
}

/** Parses a job's input with its schema (no async checks); a ValidationError names each wrong field (`input.rows.2.email`). */
export function validateInput(job: AnyJobDefinition, input: unknown): unknown {
  const data = parseOrInvalidSync(job.input, input, `input for job "${job.name}"`, 'input')
  checkInputSize(job, data)
  return data
}

/** The one check of a trigger: options within bounds, input parsed by the job's schema (async checks too), size. */
export async function checkTrigger(job: AnyJobDefinition, rawInput: unknown, options: TriggerOptions = {}): Promise<CheckedTrigger> {
  validateOptions(options)
  const input = await parseOrInvalid(job.input, rawInput, `input for job "${job.name}"`, 'input')
  checkInputSize(job, input)
  return { job, input, options } as CheckedTrigger
}

/** Checks keys, labels and coalescing against their bounds; a ValidationError names each wrong one (`labels.team`). */
export function validateOptions(options: TriggerOptions): void {
  const parsed = triggerOptionsSchema.safeParse(options)
  if (!parsed.success) throw invalidFields('trigger options', parsed.error)
}

/** A new run id, on one of the `runShards` shards chosen at random. */
export function newRunId(now: number): string {
  const shards = Math.min(Math.max(1, settings.runShards), MAX_SHARDS)
  return newId(now, Math.floor(Math.random() * shards))
}

function isUniqueViolation(error: unknown, index: string): boolean {
  const message = error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? '')}` : ''
  return message.includes('UNIQUE constraint failed') && message.includes(index)
}

/** Starts a checked trigger; with an idempotency key an existing run is returned instead of a new one. */
export async function triggerRun(
  env: EngineEnv,
  checked: CheckedTrigger,
  extras: { seedSteps?: SeedStep[]; parent?: ParentLink } = {},
): Promise<TriggerResult<unknown>> {
  const { seedSteps, parent } = extras
  const { job, input, options } = checked
  const idempotencyKey = options.idempotencyKey ?? null
  const concurrencyKey = options.concurrencyKey ?? null
  const now = new Date()
  const labels: Labels = { ...(options.labels ?? {}) }
  const runAt = startTimeOf(options, now.getTime())
  const record = { id: newRunId(now.getTime()), jobName: job.name, input, idempotencyKey, concurrencyKey, labels, now: now.toISOString(), runAt }
  let run: Run
  if (options.coalesce && concurrencyKey !== null) {
    // One D1 batch decides: the idempotent run, a run of the key to reuse, or the new run.
    const outcome = await coalesceTrigger(env, record, options.coalesce)
    if (outcome.disposition === 'coalesced') {
      // The run that takes this trigger's place tells its watchers what was left out (not stored anywhere else).
      await runStub(env, outcome.run.id)
        .coalesced(outcome.run.id, { skippedInput: input, skippedLabels: labels })
        .catch((error: unknown) => console.warn(`run ${outcome.run.id}: could not announce a coalesced trigger: ${String(error)}`))
    }
    if (outcome.disposition !== 'created') return { ...outcome.run, disposition: outcome.disposition }
    run = outcome.run
  } else {
    if (idempotencyKey) {
      const existing = await findRunByIdempotencyKey(env.DB, job.name, idempotencyKey)
      if (existing) return { ...existing, disposition: 'idempotent' }
    }
    const inserted = await insertOrConflict(env, job, record, runAt !== null)
    if (!('id' in inserted)) return inserted.answer
    run = inserted
  }
  const keyed = idempotencyKey !== null || concurrencyKey !== null || runAt !== null
  await runStub(env, run.id).init({
    id: run.id,
    jobName: run.jobName,
    input,
    labels,
    concurrencyKey,
    idempotencyKey,
    createdAt: run.createdAt,
    recorded: keyed,
    wakeAt: runAt,
    ...(seedSteps?.length ? { seedSteps } : {}),
    ...(parent ? { parent } : {}),
  })
  return { ...run, disposition: 'created' }
}

/** Tries a keyed insert again when the pending run it conflicted with has started in between. */
const MAX_INSERT_ATTEMPTS = 3

/**
 * A keyed run is inserted here, since D1's unique indexes enforce the keys; any other run is recorded by its shard
 * alone and reaches D1 with the shard's first batch, so the trigger waits for no D1 round trip. A delayed run is
 * inserted here too: lists show it pending long before its first batch. `answer` is the run holding the idempotency
 * key when D1 refused the insert for it.
 */
async function insertOrConflict(
  env: EngineEnv,
  job: AnyJobDefinition,
  record: NewRun,
  delayed: boolean,
): Promise<Run | { answer: TriggerResult<unknown> }> {
  const { idempotencyKey, concurrencyKey } = record
  if (idempotencyKey === null && concurrencyKey === null && !delayed) return newRunRecord(record)
  for (let attempt = 1; ; attempt++) {
    try {
      return await insertRun(env.DB, record)
    } catch (error) {
      const answer = await resolveConflict(env, job, error, idempotencyKey, concurrencyKey)
      if (answer) return { answer }
      // The pending run it conflicted with started meanwhile: the key is free again.
      if (attempt >= MAX_INSERT_ATTEMPTS) throw conflictOn(job, concurrencyKey)
    }
  }
}

function conflictOn(job: AnyJobDefinition, concurrencyKey: string | null): ConflictError {
  return new ConflictError(
    `A pending run of job "${job.name}" already exists for concurrency key "${concurrencyKey}"; pass coalesce: 'queue' to get that run instead`,
  )
}

/**
 * The answer to a keyed insert D1 refused: the run holding the idempotency key, or a 409 for the pending run of the
 * concurrency key. Undefined when the conflicting pending run is no longer pending (the insert may be tried again).
 */
async function resolveConflict(
  env: EngineEnv,
  job: AnyJobDefinition,
  error: unknown,
  idempotencyKey: string | null,
  concurrencyKey: string | null,
): Promise<TriggerResult<unknown> | undefined> {
  if (idempotencyKey && isUniqueViolation(error, 'idempotency_key')) {
    const existing = await findRunByIdempotencyKey(env.DB, job.name, idempotencyKey)
    if (existing) return { ...existing, disposition: 'idempotent' }
  }
  if (concurrencyKey && isUniqueViolation(error, 'concurrency_key')) {
    const pending = await findPendingRunByConcurrencyKey(env.DB, job.name, concurrencyKey)
    if (pending) throw conflictOn(job, concurrencyKey)
    return undefined
  }
  throw error
}
