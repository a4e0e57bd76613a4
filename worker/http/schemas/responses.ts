// Zod schemas of every JSON answer (the records come from the engine's protocol module); the OpenAPI document is built from them.
import { z } from 'zod'
import { MAX_ISSUES } from '../../engine/errors'
import { RUN_STATUSES } from '../../engine/protocol/statuses'

export { attemptSchema, clientRunSchema, logSchema, progressSchema, stepSchema, waitSchema } from '../../engine/protocol/schemas'
import { waitSchema } from '../../engine/protocol/schemas'

/** `POST /events`'s answer: how many waits matched, and the runs whose wait the event resolved. */
export const eventDeliverySchema = z.object({ eventId: z.string(), matched: z.number().int(), woken: z.array(z.string()) })

/** A sent event as `GET /events` lists it. */
export const sentEventSchema = z.object({
  id: z.string(),
  name: z.string(),
  payload: z.unknown(),
  matched: z.number().int(),
  wokenRuns: z.array(z.string()),
  createdAt: z.string(),
})

/** `POST /signal`'s answer: the wait, and whether this signal was stored now or had been before. */
export const signalResponseSchema = z.object({ wait: waitSchema, disposition: z.enum(['accepted', 'duplicate']) })

export const triggerResponseSchema = z.object({
  runId: z.string(),
  disposition: z
    .enum(['created', 'idempotent', 'coalesced'])
    .describe('Whether the run was created, found by its idempotency key, or an existing run of the concurrency key reused'),
  status: z.enum(RUN_STATUSES).describe('The status of that run when the trigger was answered (pending for a new run)'),
})

export const triggerBatchResponseSchema = z.object({ runs: z.array(triggerResponseSchema) })

export const purgeResponseSchema = z.object({
  deleted: z.number().int().describe('How many finished runs were deleted, with their steps, logs, labels and attempts'),
  more: z.boolean().describe('Whether finished runs that old remain (send the request again)'),
})

export const successSchema = z.object({ success: z.literal(true) })

export const retriggerResponseSchema = z.object({ success: z.literal(true), runId: z.string() })

const fieldIssueSchema = z.object({
  path: z.string().describe('The field, dotted (`input.rows.3.email`, `runs.2.labels.team`, `runId`); empty for the whole body'),
  message: z.string(),
})

export const errorSchema = z.object({
  error: z.string().describe('What went wrong, for people'),
  issues: z
    .array(fieldIssueSchema)
    .max(MAX_ISSUES)
    .optional()
    .describe(`400 only: the first ${MAX_ISSUES} problems, each naming its field`),
  issueCount: z.number().int().optional().describe('400 only: how many problems there were in all, listed or not'),
})

export const sessionStateSchema = z.object({
  authenticated: z.boolean().describe('Whether this request may use the API'),
  configured: z
    .boolean()
    .describe('Whether the server has an API token (STEPFLARE_API_TOKEN); without one, nobody can sign in'),
  required: z.boolean().describe('Whether a token or session is needed at all'),
})
