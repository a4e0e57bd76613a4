// Zod schemas of every request the handler accepts: query strings and the trigger body.
import { z } from 'zod'
import { MAX_BATCH } from '../../engine/trigger/batch-trigger'
import { MAX_JOB_NAME_LENGTH } from '../../engine/define-job'
import { MAX_RUN_ID_LENGTH, RUN_ID_PATTERN } from '../../engine/ids'
import {
  coalesceSchema,
  delaySchema,
  labelKeySchema,
  labelsSchema,
  labelValueSchema,
  MAX_LABELS,
  runAtStringSchema,
  runKeySchema,
} from '../../engine/trigger/trigger-options'
import { runStatusSchema } from '../../engine/protocol/schemas'
import { EVENT_ID_PATTERN, MAX_EVENT_ID_LENGTH } from '../../engine/events/event-api'
import { EVENT_NAME_PATTERN, MAX_EVENT_NAME_LENGTH } from '../../engine/events/event-wait'
import { MAX_SIGNAL_ID_LENGTH } from '../../engine/waits/wait-api'
import { purgeOptionsSchema } from '../../engine/retention/purge-options'

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
  .max(MAX_RUN_ID_LENGTH, `must be a run id of at most ${MAX_RUN_ID_LENGTH} characters`)
  .regex(RUN_ID_PATTERN, "must be a run id (letters, digits, '_' and '-')")

const jobName = z
  .string({ error: 'is required' })
  .min(1, 'is required')
  .max(MAX_JOB_NAME_LENGTH, `must be a job name of at most ${MAX_JOB_NAME_LENGTH} characters`)

/** List filters name labels as `label.<key>=<value>` parameters. */
export const LABEL_PARAMETER_PREFIX = 'label.'

/** `label.<key>` parameters pass through to be read as labels; any other unknown parameter is ignored. */
const extraParameters = z.union([z.string(), z.array(z.string())])

/** `label.<key>=<value>` parameters keep to the bounds of labels: key, value, and how many. */
function checkLabelParameters(query: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const names = Object.keys(query).filter((name) => name.startsWith(LABEL_PARAMETER_PREFIX))
  for (const name of names) {
    const key = labelKeySchema.safeParse(name.slice(LABEL_PARAMETER_PREFIX.length))
    if (!key.success) ctx.addIssue({ code: 'custom', path: [name], message: `label key ${key.error.issues[0]?.message}` })
    const raw = query[name]
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      const checked = labelValueSchema.safeParse(value)
      if (!checked.success) ctx.addIssue({ code: 'custom', path: [name], message: checked.error.issues[0]?.message ?? '' })
    }
  }
  if (names.length > MAX_LABELS) {
    ctx.addIssue({ code: 'custom', path: [`${LABEL_PARAMETER_PREFIX}*`], message: `at most ${MAX_LABELS} label filters` })
  }
}

export { runStatusSchema }

export const runIdQuerySchema = z.object({ runId })

const waitId = z
  .string({ error: 'query parameter is required' })
  .min(1, 'query parameter is required')
  .max(MAX_RUN_ID_LENGTH * 2 + 1, `must be a wait id of at most ${MAX_RUN_ID_LENGTH * 2 + 1} characters`)
  .regex(/^[A-Za-z0-9_.-]+$/, "must be a wait id (letters, digits, '_', '.' and '-')")

/** One wait of one run (`GET /wait`, `POST /signal`). */
export const waitQuerySchema = z.object({ runId, waitId })

/** `POST /signal`'s body: the signal's id (a retry with the same id and payload is a duplicate) and its JSON payload. */
export const signalBodySchema = z.object({
  signalId: z.string({ error: 'is required' }).min(1, 'is required').max(MAX_SIGNAL_ID_LENGTH, `must be at most ${MAX_SIGNAL_ID_LENGTH} characters`),
  payload: z.unknown().refine((value) => value !== undefined, 'is required'),
})

export const runsQuerySchema = z
  .object({
    jobName: repeatable(jobName).optional(),
    status: repeatable(runStatusSchema).optional(),
    limit: nonNegativeInteger.optional(),
    offset: nonNegativeInteger.optional(),
  })
  .catchall(extraParameters)
  .superRefine(checkLabelParameters)

export const runsSubscribeQuerySchema = z
  .object({ jobName: repeatable(jobName).optional() })
  .catchall(extraParameters)
  .superRefine(checkLabelParameters)

export const subscribeQuerySchema = z.object({
  runId,
  /** The same as the `Last-Event-ID` header, for clients that cannot set headers. */
  lastEventId: nonNegativeInteger.optional(),
  /**
   * `1`: the client reads `run:snapshot` (Stepflare's client), so a new stream opens with the snapshot alone. Without
   * it the snapshot is followed by the run's stored lifecycle, progress and logs, for clients that ignore it.
   */
  snapshot: z.enum(['1', 'true']).optional(),
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

/** POST /retrigger: the run, and the step to rerun from (earlier steps are copied from the run). */
export const retriggerQuerySchema = z.object({
  runId,
  fromStep: nonNegativeInteger.optional(),
})

/** POST /retrigger's optional body: an edited input for the new run (checked by the job's input schema). */
export const retriggerBodySchema = z.object({ input: z.unknown().optional() })

/** `POST /events`: the event's name, its JSON payload, and optionally its id (the same id again wakes nothing more). */
export const eventBodySchema = z.object({
  name: z.string({ error: 'is required' }).min(1, 'is required').max(MAX_EVENT_NAME_LENGTH, `must be at most ${MAX_EVENT_NAME_LENGTH} characters`)
    .regex(EVENT_NAME_PATTERN, "must be letters, digits, '.', '_', ':', '/' or '-', starting with a letter or digit"),
  payload: z.unknown().refine((value) => value !== undefined, 'is required'),
  id: z.string().min(1).max(MAX_EVENT_ID_LENGTH).regex(EVENT_ID_PATTERN, "must be letters, digits, '.', '_', ':' or '-'").optional(),
})

/** `GET /events`: of one name, or all; the newest `limit` (1 to 200, default 50). */
export const eventsQuerySchema = z.object({
  name: z.string().min(1).max(MAX_EVENT_NAME_LENGTH).optional(),
  limit: nonNegativeInteger.refine((value) => value >= 1 && value <= 200, 'must be between 1 and 200').optional(),
})

/** Optional fields also accept `null`, read as absent. */
function optional<T extends z.ZodType>(schema: T) {
  return schema.nullish().transform((value) => value ?? undefined)
}

/** The trigger options are the engine's own schemas, so HTTP and code keep to the same bounds. */
export const triggerBodySchema = z.object({
  jobName,
  input: z.unknown(),
  idempotencyKey: optional(runKeySchema),
  concurrencyKey: optional(runKeySchema),
  labels: optional(labelsSchema),
  coalesce: optional(coalesceSchema),
  delay: optional(delaySchema).describe("Start the run this long from now: milliseconds or a duration such as '30s', '5m'"),
  runAt: optional(runAtStringSchema).describe('Start the run at this ISO 8601 date-time (not in the past beyond a minute)'),
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

/** `POST /runs/purge`: the engine's own purge options (`olderThan`, `limit`), so HTTP and code keep to the same bounds. */
export const purgeBodySchema = purgeOptionsSchema

export type TriggerBody = z.output<typeof triggerBodySchema>
export type TriggerBatchBody = z.output<typeof triggerBatchBodySchema>
