// Zod schemas of every request the handler accepts: query strings and the trigger body.
import { z } from 'zod'
import { MAX_BATCH } from '../../engine/batch-trigger'
import type { RunStatus } from '../../engine/types'

const STATUS_VALUES = ['pending', 'leased', 'completed', 'failed', 'cancelled'] as const satisfies readonly RunStatus[]

/** A query value that may repeat (`?status=a&status=b`), always read as an array. */
function repeatable<T extends z.ZodType<string>>(item: T) {
  return z.union([item, z.array(item)]).transform((value) => (Array.isArray(value) ? value : [value]))
}

const nonNegativeInteger = z
  .string()
  .regex(/^\d{1,15}$/, 'must be a non-negative integer')
  .transform(Number)

const runId = z
  .string({ error: 'query parameter is required' })
  .min(1, 'query parameter is required')

/** `label.<key>=<value>` parameters (and any other unknown parameter) pass through to be read as labels. */
const extraParameters = z.union([z.string(), z.array(z.string())])

export const runStatusSchema = z.enum(STATUS_VALUES, {
  error: `must be one of: ${STATUS_VALUES.join(', ')}`,
})

export const runIdQuerySchema = z.object({ runId })

export const runsQuerySchema = z
  .object({
    jobName: repeatable(z.string()).optional(),
    status: repeatable(runStatusSchema).optional(),
    limit: nonNegativeInteger.optional(),
    offset: nonNegativeInteger.optional(),
  })
  .catchall(extraParameters)

export const runsSubscribeQuerySchema = z
  .object({ jobName: repeatable(z.string()).optional() })
  .catchall(extraParameters)

export const subscribeQuerySchema = z.object({
  runId,
  /** The same as the `Last-Event-ID` header, for clients that cannot set headers. */
  lastEventId: nonNegativeInteger.optional(),
})

export const MAX_LOGS_PAGE = 1000

export const logsQuerySchema = z.object({
  runId,
  /** Only logs after this sequence number (exclusive): pass the last `sequence` you have to page on. */
  after: nonNegativeInteger.optional(),
  limit: nonNegativeInteger
    .refine((value) => value >= 1 && value <= MAX_LOGS_PAGE, `must be between 1 and ${MAX_LOGS_PAGE}`)
    .optional(),
})

/** Optional string fields also accept `null`, read as absent. */
const optionalString = z
  .string()
  .min(1, 'must not be empty')
  .nullish()
  .transform((value) => value ?? undefined)

export const triggerBodySchema = z.object({
  jobName: z.string({ error: 'is required' }).min(1, 'is required'),
  input: z.unknown(),
  idempotencyKey: optionalString,
  concurrencyKey: optionalString,
  labels: z
    .record(z.string(), z.string({ error: 'label values must be strings' }))
    .nullish()
    .transform((value) => value ?? undefined),
  coalesce: z
    .literal('skip', { error: "must be 'skip'" })
    .nullish()
    .transform((value) => value ?? undefined),
})

/** Most runs one batch request may start. */
export const MAX_BATCH_RUNS = MAX_BATCH

export const triggerBatchBodySchema = z.object({
  runs: z
    .array(triggerBodySchema, { error: 'must be an array of trigger bodies' })
    .min(1, 'needs at least one run')
    .max(MAX_BATCH_RUNS, `at most ${MAX_BATCH_RUNS} runs per request`),
})

export const sessionBodySchema = z.object({
  token: z.string({ error: 'is required' }).min(1, 'is required'),
})

export type TriggerBody = z.output<typeof triggerBodySchema>
export type TriggerBatchBody = z.output<typeof triggerBatchBodySchema>
