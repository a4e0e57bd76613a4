// Triggers jobs from validated requests: the engine checks job, input and options once, the caller's onTrigger hook
// decides, then the engine starts the runs (one, or a batch where nothing starts unless every run passed).
import { DurablyError, PayloadTooLargeError, ValidationError } from '../engine/errors'
import type { CheckedTrigger, TriggerResult } from '../engine/types'
import type { HandlerDeps } from './deps'
import { guard } from './guard'
import type { TriggerBatchBody, TriggerBody } from './schemas/requests'
import type { TriggerResponse } from './types'

/** The handler's own input limit (`maxInputBytes`), which may be lower than what the engine stores. */
function checkInputSize(input: unknown, maxBytes: number): void {
  const bytes = new TextEncoder().encode(JSON.stringify(input) ?? '').byteLength
  if (bytes > maxBytes) {
    throw new PayloadTooLargeError(`Job input is ${bytes} bytes; the largest a run can store is ${maxBytes}`)
  }
}

/** The engine's check of the trigger, the handler's size limit, then `onTrigger`: what passes before a run exists. */
async function admit(deps: HandlerDeps, ctx: unknown, body: TriggerBody): Promise<CheckedTrigger> {
  const checked = await deps.durably.check(body.jobName, body.input, {
    idempotencyKey: body.idempotencyKey,
    concurrencyKey: body.concurrencyKey,
    labels: body.labels,
    coalesce: body.coalesce,
    delay: body.delay,
    runAt: body.runAt,
  })
  checkInputSize(body.input, deps.maxInputBytes)
  const onTrigger = deps.auth?.onTrigger
  if (onTrigger) await guard(() => onTrigger(ctx, body))
  return checked
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

/** What a trigger answers: the run's id, how it was chosen, and its status then. */
function toResponse(run: TriggerResult<unknown>): TriggerResponse {
  return { runId: run.id, disposition: run.disposition, status: run.status }
}

/** Admits every run of a batch (nothing starts unless all pass), then starts them in one engine call. */
export async function triggerBatch(deps: HandlerDeps, ctx: unknown, body: TriggerBatchBody): Promise<TriggerResponse[]> {
  const checked: CheckedTrigger[] = []
  for (const [index, run] of body.runs.entries()) checked.push(await atIndex(index, () => admit(deps, ctx, run)))
  const runs = await deps.durably.start(checked)
  return runs.map(toResponse)
}

export async function triggerJob(deps: HandlerDeps, ctx: unknown, body: TriggerBody): Promise<TriggerResponse> {
  const [run] = await deps.durably.start([await admit(deps, ctx, body)])
  if (!run) throw new Error('the engine started no run')
  return toResponse(run)
}
