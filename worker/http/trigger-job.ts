// Triggers a job from a validated request: known job, valid input, input small enough, caller allowed.
import { NotFoundError, PayloadTooLargeError } from '../engine/errors'
import type { AnyJobDefinition } from '../engine/types'
import type { HandlerDeps } from './deps'
import { fieldIssues, invalidRequest } from './errors'
import { guard } from './guard'
import type { TriggerBody } from './schemas/requests'
import type { TriggerResponse } from './types'

async function checkInput(definition: AnyJobDefinition, input: unknown): Promise<void> {
  const result = await definition.input.safeParseAsync(input)
  if (!result.success) throw invalidRequest(`input for job ${definition.name}`, fieldIssues(result.error, 'input'))
}

function checkInputSize(input: unknown, maxBytes: number): void {
  const bytes = new TextEncoder().encode(JSON.stringify(input) ?? '').byteLength
  if (bytes > maxBytes) {
    throw new PayloadTooLargeError(`Job input is ${bytes} bytes; the largest a run can store is ${maxBytes}`)
  }
}

export async function triggerJob(deps: HandlerDeps, ctx: unknown, body: TriggerBody): Promise<TriggerResponse> {
  const job = deps.durably.getJob(body.jobName)
  const definition = deps.durably.definitions.get(body.jobName)
  if (!job || !definition) throw new NotFoundError(`Job not found: ${body.jobName}`)
  await checkInput(definition, body.input)
  checkInputSize(body.input, deps.maxInputBytes)
  const onTrigger = deps.auth?.onTrigger
  if (onTrigger) await guard(() => onTrigger(ctx, body))
  const run = await job.trigger(body.input, {
    idempotencyKey: body.idempotencyKey,
    concurrencyKey: body.concurrencyKey,
    labels: body.labels,
    coalesce: body.coalesce,
  })
  return { runId: run.id, disposition: run.disposition }
}
