// Zod schemas of every JSON answer, checked against the engine's types; the OpenAPI document is built from them.
import { z } from 'zod'
import { MAX_ISSUES } from '../../engine/errors'
import type { ClientRun, Log, Step } from '../../engine/types'
import { LOG_LEVELS, STEP_STATUSES } from '../../engine/protocol/statuses'
import { runStatusSchema } from './requests'

const timestamp = z.string().describe('ISO 8601 timestamp')
const labels = z.record(z.string(), z.string())

export const progressSchema = z.object({
  current: z.number(),
  total: z.number().optional(),
  message: z.string().optional(),
})

export const clientRunSchema = z.object({
  id: z.string(),
  jobName: z.string(),
  input: z.unknown(),
  status: runStatusSchema,
  currentStepIndex: z.number().int(),
  completedStepCount: z.number().int(),
  progress: progressSchema.nullable(),
  output: z.unknown(),
  error: z.string().nullable(),
  labels,
  startedAt: timestamp.nullable(),
  completedAt: timestamp.nullable(),
  createdAt: timestamp,
  isTerminal: z.boolean(),
  isActive: z.boolean(),
})

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
  sequence: z.number().int().describe('Position in the run event stream; pass it as `after` to page on'),
  stepName: z.string().nullable(),
  level: z.enum(LOG_LEVELS),
  message: z.string(),
  data: z.unknown(),
  createdAt: timestamp,
})

export const triggerResponseSchema = z.object({
  runId: z.string(),
  disposition: z.enum(['created', 'idempotent', 'coalesced']),
})

export const triggerBatchResponseSchema = z.object({ runs: z.array(triggerResponseSchema) })

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

// Compile-time proof that the schemas describe what the engine returns.
type Describes<TSchema extends z.ZodType, TValue> = TValue extends z.output<TSchema> ? true : never
const schemasMatchEngine: [
  Describes<typeof clientRunSchema, ClientRun>,
  Describes<typeof stepSchema, Step>,
  Describes<typeof logSchema, Log>,
] = [true, true, true]
void schemasMatchEngine
