// The bounds of a run's options (labels, idempotency and concurrency keys), one zod schema for code and HTTP alike.
import { z } from 'zod'

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

export const coalesceSchema = z.literal('skip', { error: "must be 'skip'" })

/** What `trigger(input, options)` accepts; `coalesce` needs a concurrency key. */
export const triggerOptionsSchema = z
  .object({
    idempotencyKey: runKeySchema.optional(),
    concurrencyKey: runKeySchema.optional(),
    labels: labelsSchema.optional(),
    coalesce: coalesceSchema.optional(),
  })
  .refine((options) => options.coalesce === undefined || options.concurrencyKey !== undefined, {
    path: ['coalesce'],
    message: 'requires concurrencyKey',
  })
