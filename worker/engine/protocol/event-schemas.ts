// Zod schemas of the run events (named `noun:verb` as the durably protocol names them): the one definition the
// event types in events.ts are inferred from, and what an SSE reader can validate a received event with.
import { z } from 'zod'
import { clientRunSchema, labelsSchema, progressSchema, stepSchema, waitingForSchema } from './schemas'
import { ATTEMPT_OUTCOMES, LOG_LEVELS } from './statuses'

const step = { stepName: z.string(), stepIndex: z.number().int() }

/** An attempt of a step that did not complete (stored in D1 from this event). */
const endedAttempt = {
  attempt: z.number().int(),
  outcome: z.enum(ATTEMPT_OUTCOMES),
  attemptStartedAt: z.string(),
  stack: z.string().nullable(),
  metadata: z.unknown().optional(),
}

/** What every event carries besides its body. */
export const eventBaseSchema = z.object({
  runId: z.string(),
  jobName: z.string(),
  labels: labelsSchema,
  /** Increases by one per stored event of a run; it is the SSE `id:` of the event. */
  sequence: z.number().int(),
  timestamp: z.string(),
})

function partial<T extends Record<string, z.ZodType>>(shape: T): { [K in keyof T]: z.ZodOptional<T[K]> } {
  return Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, schema.optional()])) as never
}

/** The body of each kind of event, told apart by `type`. */
export const runEventBodySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('run:trigger'), input: z.unknown() }),
  z.object({ type: z.literal('run:coalesced'), skippedInput: z.unknown(), skippedLabels: labelsSchema }),
  z.object({ type: z.literal('run:leased'), input: z.unknown(), leaseOwner: z.string(), leaseExpiresAt: z.string() }),
  z.object({ type: z.literal('run:progress'), progress: progressSchema }),
  /** `attempt` is present from a step's second attempt on. */
  z.object({ type: z.literal('step:start'), ...step, attempt: z.number().int().optional() }),
  /** `metadata`: what the attempt recorded (attempt.setMetadata), when it did. */
  z.object({ type: z.literal('step:complete'), ...step, output: z.unknown(), duration: z.number(), metadata: z.unknown().optional() }),
  /** The attempt fields are present when the step ran (not when a run failed before it could). */
  z.object({ type: z.literal('step:fail'), ...step, error: z.string(), ...partial(endedAttempt) }),
  /** An attempt failed (or timed out, or a restart cut it off) and the step's next attempt is due at `nextAttemptAt`. */
  z.object({ type: z.literal('step:retry'), ...step, error: z.string(), ...endedAttempt, nextAttemptAt: z.string() }),
  /** The run suspended: it holds no lease or key until `wakeAt` (null: until something outside wakes it). */
  z.object({ type: z.literal('run:waiting'), waitingFor: waitingForSchema, wakeAt: z.string().nullable() }),
  z.object({ type: z.literal('step:cancel'), ...step }),
  z.object({
    type: z.literal('log:write'),
    stepName: z.string().nullable(),
    level: z.enum(LOG_LEVELS),
    message: z.string(),
    data: z.unknown(),
  }),
  z.object({ type: z.literal('run:complete'), output: z.unknown(), duration: z.number() }),
  z.object({ type: z.literal('run:fail'), error: z.string(), failedStepName: z.string() }),
  z.object({ type: z.literal('run:cancel') }),
  z.object({ type: z.literal('run:delete') }),
  /**
   * Stepflare's first event to a subscriber: the run as it is now (not stored; its id is the latest sequence), with
   * its finished steps in the shape of GET /steps items, oldest first: the newest ones only when `stepsOmitted` > 0.
   * Stepflare always sends both; a client reading another server finds them absent and asks GET /steps.
   */
  z.object({
    type: z.literal('run:snapshot'),
    run: clientRunSchema,
    steps: z.array(stepSchema).optional(),
    stepsOmitted: z.number().int().optional(),
  }),
])

/** A whole event: its body and what every event carries. */
export const durablyEventSchema = z.intersection(runEventBodySchema, eventBaseSchema)
