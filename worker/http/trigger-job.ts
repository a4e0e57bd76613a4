// Triggers jobs from validated requests: known job, valid input, input small enough, caller allowed (one or a batch).
import { DurablyError, NotFoundError, PayloadTooLargeError, ValidationError } from '../engine/errors'
import { parseOrInvalid } from '../engine/trigger/field-issues'
import type { AnyJobDefinition } from '../engine/types'
import type { HandlerDeps } from './deps'
import { guard } from './guard'
import type { TriggerBatchBody, TriggerBody } from './schemas/requests'
import type { TriggerResponse } from './types'

async function checkInput(definition: AnyJobDefinition, input: unknown): Promise<void> {
  await parseOrInvalid(definition.input, input, `input for job ${definition.name}`, 'input')
}

function checkInputSize(input: unknown, maxBytes: number): void {
  const bytes = new TextEncoder().encode(JSON.stringify(input) ?? '').byteLength
  if (bytes > maxBytes) {
    throw new PayloadTooLargeError(`Job input is ${bytes} bytes; the largest a run can store is ${maxBytes}`)
  }
}

/** Known job, valid and small enough input, then `onTrigger`: what every trigger passes before a run exists. */
async function admit(deps: HandlerDeps, ctx: unknown, body: TriggerBody): Promise<void> {
  const definition = deps.durably.definitions.get(body.jobName)
  if (!definition || !deps.durably.getJob(body.jobName)) throw new NotFoundError(`Job not found: ${body.jobName}`)
  await checkInput(definition, body.input)
  checkInputSize(body.input, deps.maxInputBytes)
  const onTrigger = deps.auth?.onTrigger
  if (onTrigger) await guard(() => onTrigger(ctx, body))
}

/** Prefixes the field paths of a 400 with the index of the run in a batch (`runs.3.input.email`). */
async function atIndex<T>(index: number, task: () => Promise<T>): Promise<T> {
  try {
    return await task()
  } catch (error) {
    if (error instanceof ValidationError) throw error.under(`runs.${index}`)
    if (error instanceof DurablyError) throw new DurablyError(`runs.${index}: ${error.message}`, error.statusCode)
    throw error
  }
}

/** Admits every run of a batch (nothing starts unless all pass), then starts them in one engine call. */
export async function triggerBatch(deps: HandlerDeps, ctx: unknown, body: TriggerBatchBody): Promise<TriggerResponse[]> {
  for (const [index, run] of body.runs.entries()) await atIndex(index, () => admit(deps, ctx, run))
  const runs = await deps.durably.triggerBatch(
    body.runs.map((run) => ({
      jobName: run.jobName,
      input: run.input,
      options: { idempotencyKey: run.idempotencyKey, concurrencyKey: run.concurrencyKey, labels: run.labels, coalesce: run.coalesce },
    })),
  )
  return runs.map((run) => ({ runId: run.id, disposition: run.disposition }))
}

export async function triggerJob(deps: HandlerDeps, ctx: unknown, body: TriggerBody): Promise<TriggerResponse> {
  await admit(deps, ctx, body)
  const job = deps.durably.getJob(body.jobName)
  if (!job) throw new NotFoundError(`Job not found: ${body.jobName}`)
  const run = await job.trigger(body.input, {
    idempotencyKey: body.idempotencyKey,
    concurrencyKey: body.concurrencyKey,
    labels: body.labels,
    coalesce: body.coalesce,
  })
  return { runId: run.id, disposition: run.disposition }
}
