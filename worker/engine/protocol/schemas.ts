// Zod schemas of the records the protocol carries (run, client run, step, log line): the one definition their types
// are inferred from (records.ts), and what the HTTP layer validates and documents answers with.
import { z } from 'zod'
import { ATTEMPT_OUTCOMES, LOG_LEVELS, RUN_STATUSES, STEP_STATUSES, WAIT_KINDS, WAIT_OUTCOMES, WAIT_STATUSES } from './statuses'

const timestamp = z.string().describe('ISO 8601 timestamp')

export const runStatusSchema = z.enum(RUN_STATUSES, { error: `must be one of: ${RUN_STATUSES.join(', ')}` })

export const labelsSchema = z.record(z.string(), z.string())

export const progressSchema = z.object({
  current: z.number(),
  total: z.number().optional(),
  message: z.string().optional(),
})

/**
 * What a waiting run waits for (or a pending run, for `delay`): its own start time, a `step.sleep`, the next attempt
 * of a failed step (`attempt` is the number of that next attempt, `error` what the last one failed with), or a signal
 * to a durable wait (`stepName` is the wait's name, `waitId` its id).
 */
export const waitingForSchema = z.object({
  kind: z.enum(WAIT_KINDS),
  stepName: z.string().nullable(),
  stepIndex: z.number().int().nullable(),
  attempt: z.number().int().nullable(),
  error: z.string().nullable(),
  waitId: z.string().nullable().optional(),
  /** For `event`: the event name the wait takes; for `child`: the child's job. */
  event: z.string().nullable().optional(),
})

/** A durable wait as the durably protocol shows it (`GET /waits`, `GET /wait`, the answer to a signal). */
export const waitSchema = z.object({
  id: z.string(),
  runId: z.string(),
  name: z.string(),
  metadata: z.unknown(),
  status: z.enum(WAIT_STATUSES),
  payload: z.unknown(),
  signalId: z.string().nullable(),
  createdAt: timestamp,
  deadlineAt: timestamp.nullable(),
  outcome: z.enum(WAIT_OUTCOMES).nullable(),
  suspendedAt: timestamp.nullable(),
  resolvedAt: timestamp.nullable(),
  firstResumedAt: timestamp.nullable(),
  inputWaitMs: z.number().nullable().describe('Suspension until the signal or deadline (0 when the result came first)'),
  executionSlotWaitMs: z.number().nullable().describe('From the result (or suspension, if later) to the first resumed lease'),
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
  wakeAt: timestamp.nullable().describe('When a waiting run resumes by itself, or a delayed pending run starts'),
  waitingFor: waitingForSchema.nullable(),
})

/** A run as HTTP clients see it: lease bookkeeping and keys left out, `isTerminal`, `isActive` and `isWaiting` added. */
export const clientRunSchema = runSchema
  .omit({ idempotencyKey: true, concurrencyKey: true, leaseOwner: true, leaseExpiresAt: true, leaseGeneration: true, updatedAt: true })
  .extend({ isTerminal: z.boolean(), isActive: z.boolean(), isWaiting: z.boolean() })

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
  attempts: z.number().int().optional().describe('Attempts the step took (1 unless it was retried)'),
})

/**
 * One attempt of a step. Attempts that did not complete are stored as such; a step's completed attempt is the step
 * itself (a step that succeeds first time has one attempt and stores nothing more).
 */
export const attemptSchema = z.object({
  runId: z.string(),
  stepIndex: z.number().int(),
  stepName: z.string(),
  attempt: z.number().int().describe('1 for the first attempt'),
  outcome: z.enum(['completed', ...ATTEMPT_OUTCOMES]),
  error: z.string().nullable(),
  stack: z.string().nullable(),
  output: z.unknown(),
  metadata: z.unknown().describe('What the attempt recorded (attempt.setMetadata), or null'),
  startedAt: timestamp,
  endedAt: timestamp.nullable(),
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
