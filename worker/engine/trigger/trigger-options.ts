// The bounds of a run's options (labels, idempotency and concurrency keys), one zod schema for code and HTTP alike.
import { z } from 'zod'
import { MAX_DURATION_MS, toMilliseconds } from '../time/duration'

/** Most labels one run may carry, and most `label.<key>` filters one list request may hold. */
export const MAX_LABELS = 32
export const MAX_LABEL_KEY_LENGTH = 64
export const MAX_LABEL_VALUE_LENGTH = 256
/** Longest idempotency or concurrency key. */
export const MAX_RUN_KEY_LENGTH = 256
/** A label key: letters, digits, `_`, `.`, `:`, `/` and `-`, starting with a letter or digit. */
export const LABEL_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:/-]*$/

export const labelKeySchema = z
  .string()
  .min(1, { message: 'must not be empty', abort: true })
  .max(MAX_LABEL_KEY_LENGTH, `must be at most ${MAX_LABEL_KEY_LENGTH} characters`)
  .regex(LABEL_KEY_PATTERN, "must be letters, digits, '_', '.', ':', '/' or '-', starting with a letter or digit")

export const labelValueSchema = z
  .string({ error: 'label values must be strings' })
  .max(MAX_LABEL_VALUE_LENGTH, `must be at most ${MAX_LABEL_VALUE_LENGTH} characters`)

export const labelsSchema = z
  .record(labelKeySchema, labelValueSchema, { error: 'must be an object of string values' })
  .refine((labels) => Object.keys(labels).length <= MAX_LABELS, `at most ${MAX_LABELS} labels`)
  .meta({ maxProperties: MAX_LABELS })

/** An idempotency or concurrency key. */
export const runKeySchema = z
  .string({ error: 'must be a string' })
  .min(1, 'must not be empty')
  .max(MAX_RUN_KEY_LENGTH, `must be at most ${MAX_RUN_KEY_LENGTH} characters`)

/** The ways a trigger with a concurrency key may reuse a run of the same job and key instead of creating one. */
export const COALESCE_MODES = ['skip', 'queue', 'active'] as const

export const coalesceSchema = z
  .enum(COALESCE_MODES, { error: "must be 'skip', 'queue' or 'active'" })
  .describe(
    "With concurrencyKey: 'queue' (or 'skip') reuses the pending run of the key, else creates one (behind a running " +
      "run it waits its turn); 'active' reuses a pending, else a running, else a waiting run, else creates one",
  )

/** A `runAt` may lie this far in the past (clocks differ a little); further back it is refused. */
export const RUN_AT_TOLERANCE_MS = 60_000

/** How long to wait before a delayed run starts: milliseconds or a duration string. */
export const delaySchema = z
  .union([z.number(), z.string()], { error: "must be milliseconds or a duration such as '30s', '5m', '2h'" })
  .refine((value) => toMilliseconds(value) !== null, {
    message: `must be milliseconds from 0 to ${MAX_DURATION_MS} or a duration such as '30s', '5m', '2h'`,
  })

/** An ISO 8601 date-time with its offset (as JSON carries it). */
export const runAtStringSchema = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time such as 2026-12-01T09:00:00Z' })

function checkRunAt(value: Date | string, ctx: z.RefinementCtx): void {
  const at = value instanceof Date ? value.getTime() : Date.parse(value)
  if (!Number.isFinite(at)) ctx.addIssue({ code: 'custom', message: 'must be a valid date' })
  else if (at < Date.now() - RUN_AT_TOLERANCE_MS) ctx.addIssue({ code: 'custom', message: 'is in the past' })
  else if (at > Date.now() + MAX_DURATION_MS) ctx.addIssue({ code: 'custom', message: 'is more than 10 years ahead' })
}

/** When a delayed run starts, checked against the clock: not in the past (beyond a minute), at most 10 years ahead. */
export const runAtSchema = z.union([z.date(), runAtStringSchema]).superRefine(checkRunAt)

/** What `trigger(input, options)` accepts; `coalesce` needs a concurrency key; `delay` and `runAt` exclude each other. */
export const triggerOptionsSchema = z
  .object({
    idempotencyKey: runKeySchema.optional(),
    concurrencyKey: runKeySchema.optional(),
    labels: labelsSchema.optional(),
    coalesce: coalesceSchema.optional(),
    delay: delaySchema.optional(),
    runAt: runAtSchema.optional(),
  })
  .refine((options) => options.coalesce === undefined || options.concurrencyKey !== undefined, {
    path: ['coalesce'],
    message: 'requires concurrencyKey',
  })
  .refine((options) => options.delay === undefined || options.runAt === undefined, {
    path: ['runAt'],
    message: 'give either delay or runAt, not both',
  })

/** The start time of a run triggered at `now` with these (checked) options, or null when it starts at once. */
export function startTimeOf(options: { delay?: number | string; runAt?: Date | string }, now: number): string | null {
  let at: number | null = null
  if (options.runAt !== undefined) at = options.runAt instanceof Date ? options.runAt.getTime() : Date.parse(options.runAt)
  else if (options.delay !== undefined) at = now + (toMilliseconds(options.delay) ?? 0)
  return at !== null && at > now ? new Date(at).toISOString() : null
}
