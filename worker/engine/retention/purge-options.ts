// What `purgeRuns` (and `POST /runs/purge`) and the retention sweep take and answer; purge options are checked here.
import { z } from 'zod'
import { toMilliseconds, type Duration } from '../time/duration'

/** Runs one purge deletes unless told otherwise. */
export const DEFAULT_PURGE_LIMIT = 500
/** Most runs one purge may delete (each run's rows go in the same D1 batch). */
export const MAX_PURGE_LIMIT = 5_000

/** A calendar date ('2026-01-31', midnight UTC) or a date-time with its offset ('2026-01-31T12:00:00Z', '…+02:00'). */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2})))?$/i

/** Epoch ms of an ISO 8601 date or date-time, or null: `Date.parse` alone rolls '02-30' over into March. */
function parseIsoDate(text: string): number | null {
  const match = ISO_DATE.exec(text)
  if (!match) return null
  const [year, month, day, hour = 0, minute = 0, second = 0, offsetHours = 0, offsetMinutes = 0] = match
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part)))
  const inMonth = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))).getUTCDate() === day
  const monthOk = Number(month) >= 1 && Number(month) <= 12
  const clockOk = hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 23 && offsetMinutes <= 59
  if (!inMonth || !monthOk || !clockOk) return null
  const at = Date.parse(text)
  return Number.isNaN(at) ? null : at
}

const OLDER_THAN_MESSAGE =
  "must be a duration (milliseconds of 0 or more, or '30d', '12h', '90m') or an ISO 8601 date-time such as '2026-01-31T00:00:00Z'"

const LIMIT_MESSAGE = `must be a whole number from 1 to ${MAX_PURGE_LIMIT.toLocaleString('en-US')}`

/** Which finished runs to delete: those that ended more than `olderThan` ago (or before that date), at most `limit`. */
export interface PurgeOptions {
  /** A duration ('30d', or milliseconds): runs that ended longer ago than that; or a Date / ISO 8601 date-time: before it. */
  olderThan: Duration | Date
  /** Most runs this call deletes (1 to 5,000; default 500). Call again while the answer says `more`. */
  limit?: number | null
}

/** What a purge did: how many runs it deleted, and whether more finished runs of that age remain. */
export interface PurgeResult {
  deleted: number
  more: boolean
}

/** Bounds of one retention sweep (the defaults suit the Worker's cron: every 15 minutes). */
export interface SweepOptions {
  /** The sweep's clock (epoch ms); runs that ended before `now - retainRunsMs` go. */
  now?: number
  /** Runs per D1 batch (1 to 5,000; default 500). */
  batchSize?: number
  /** Most batches in one sweep (default 20); what is left waits for the next sweep. */
  maxBatches?: number
}

/** What a sweep did: runs deleted, batches sent, and whether expired runs were left for the next sweep. */
export interface SweepResult {
  deleted: number
  batches: number
  more: boolean
}

/**
 * The cutoff `olderThan` means at `now`: runs that ended before it go (ISO 8601, as D1 stores times), or null when
 * it is neither a duration nor a date.
 */
export function cutoffOf(olderThan: unknown, now: number): string | null {
  if (olderThan instanceof Date) return Number.isNaN(olderThan.getTime()) ? null : olderThan.toISOString()
  if (typeof olderThan === 'string' && ISO_DATE.test(olderThan.trim())) {
    const at = parseIsoDate(olderThan.trim())
    return at === null ? null : new Date(at).toISOString()
  }
  const ms = toMilliseconds(olderThan)
  return ms === null ? null : new Date(now - ms).toISOString()
}

const olderThanSchema = z
  .custom<Duration | Date>((value) => cutoffOf(value, Date.now()) !== null, {
    error: (issue) => (issue.input === undefined ? 'is required' : OLDER_THAN_MESSAGE),
  })
  .meta({
    description:
      "Runs that ended longer ago than this duration ('30d', '12h', '90m', or milliseconds), or before this ISO 8601 " +
      "date-time ('2026-01-31T00:00:00Z', or a date '2026-01-31' meaning midnight UTC)",
    anyOf: [
      { type: 'string', examples: ['30d', '2026-01-31T00:00:00Z'] },
      { type: 'number', minimum: 0 },
    ],
  })

const limitSchema = z.number({ error: LIMIT_MESSAGE }).int(LIMIT_MESSAGE).min(1, LIMIT_MESSAGE).max(MAX_PURGE_LIMIT, LIMIT_MESSAGE)

/** The options of a purge; a 400 names `olderThan` or `limit`. `limit: null` reads as absent. */
export const purgeOptionsSchema = z.object({
  olderThan: olderThanSchema,
  limit: limitSchema.nullish().meta({ description: `Most runs to delete (default ${DEFAULT_PURGE_LIMIT})` }),
})
