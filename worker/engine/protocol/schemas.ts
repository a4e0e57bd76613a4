// Zod schemas of the records the protocol carries (run, client run, step, log line): the one definition their types
// are inferred from (records.ts), and what the HTTP layer validates and documents answers with.
import { z } from 'zod'
import { LOG_LEVELS, RUN_STATUSES, STEP_STATUSES } from './statuses'

const timestamp = z.string().describe('ISO 8601 timestamp')

export const runStatusSchema = z.enum(RUN_STATUSES, { error: `must be one of: ${RUN_STATUSES.join(', ')}` })

export const labelsSchema = z.record(z.string(), z.string())

export const progressSchema = z.object({
  current: z.number(),
  total: z.number().optional(),
  message: z.string().optional(),
})

/** A run as the engine stores it. */
export const runSchema = z.object({
  id: z.string(),
  jobName: z.string(),
  input: z.unknown(),
  status: runStatusSchema,
  idempotencyKey: z.string().nullable(),
  concurrencyKey: z.string().nullable(),
  currentStepIndex: z.number().int(),
  completedStepCount: z.number().int(),
  progress: progressSchema.nullable(),
  output: z.unknown(),
  error: z.string().nullable(),
  labels: labelsSchema,
  leaseOwner: z.string().nullable(),
  leaseExpiresAt: timestamp.nullable(),
  leaseGeneration: z.number().int(),
  startedAt: timestamp.nullable(),
  completedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
})

/** A run as HTTP clients see it: lease bookkeeping and keys left out, `isTerminal` and `isActive` added. */
export const clientRunSchema = runSchema
  .omit({ idempotencyKey: true, concurrencyKey: true, leaseOwner: true, leaseExpiresAt: true, leaseGeneration: true, updatedAt: true })
  .extend({ isTerminal: z.boolean(), isActive: z.boolean() })

export const stepSchema = z.object({
  id: z.string(),
  runId: z.string(),
  name: z.string(),
  index: z.number().int(),
  status: z.enum(STEP_STATUSES),
  output: z.unknown(),
  error: z.string().nullable(),
  startedAt: timestamp,
  completedAt: timestamp.nullable(),
})

export const logSchema = z.object({
  id: z.string(),
  runId: z.string(),
  sequence: z.number().int().describe('Position in the run event stream (the SSE id of its log:write); pass it as `after` to page on'),
  stepName: z.string().nullable(),
  level: z.enum(LOG_LEVELS),
  message: z.string(),
  data: z.unknown(),
  createdAt: timestamp,
})
