// Cron expressions read in a time zone (croner): validation naming the field, and the fire times after an instant.
import { Cron } from 'croner'
import { ValidationError } from '../errors'

/** Longest cron expression accepted. */
export const MAX_CRON_LENGTH = 200
/** Longest IANA time zone name accepted. */
export const MAX_TIMEZONE_LENGTH = 64

/** Five fields (minute hour day-of-month month day-of-week) or six with seconds first; nicknames such as @daily. */
function compile(cron: string, timezone: string): Cron {
  return new Cron(cron, { timezone, mode: '5-or-6-parts', paused: true })
}

/** Why `timezone` is not an IANA time zone this runtime knows, or null. */
export function timezoneProblem(timezone: string): string | null {
  if (timezone.length === 0 || timezone.length > MAX_TIMEZONE_LENGTH) return `must be an IANA time zone of 1 to ${MAX_TIMEZONE_LENGTH} characters`
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone })
    return null
  } catch {
    return `unknown time zone ${JSON.stringify(timezone)} (use an IANA name such as 'Europe/Berlin' or 'UTC')`
  }
}

/** Why `cron` cannot schedule anything (does not parse, or never fires), or null. */
export function cronProblem(cron: string, timezone = 'UTC'): string | null {
  if (cron.trim().length === 0 || cron.length > MAX_CRON_LENGTH) return `must be a cron expression of 1 to ${MAX_CRON_LENGTH} characters`
  let compiled: Cron
  try {
    compiled = compile(cron, timezone)
  } catch (error) {
    return `does not parse: ${error instanceof Error ? error.message.replace(/^CronPattern: /, '') : String(error)}`
  }
  return compiled.nextRun(new Date()) === null ? 'never fires (no date matches it)' : null
}

/**
 * Checks a schedule's cron and time zone; a ValidationError names the field (`cron`, `timezone`) under `prefix`.
 *
 * @example
 * checkCron('0 3 * * *', 'Europe/Berlin') // passes
 * checkCron('61 * * * *', 'UTC')          // ValidationError, issue path 'cron'
 */
export function checkCron(cron: unknown, timezone: unknown): void {
  const issues: { path: string; message: string }[] = []
  const zone = typeof timezone === 'string' ? timezone : null
  const zoneProblem = zone === null ? 'must be a string' : timezoneProblem(zone)
  if (zoneProblem) issues.push({ path: 'timezone', message: zoneProblem })
  const cronIssue = typeof cron !== 'string' ? 'must be a string' : cronProblem(cron, zoneProblem ? 'UTC' : (zone ?? 'UTC'))
  if (cronIssue) issues.push({ path: 'cron', message: cronIssue })
  if (issues.length > 0) {
    throw new ValidationError(`Invalid schedule: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`, issues)
  }
}

/** The next `count` fire times strictly after `after` (epoch ms), in order; fewer when the cron runs out. */
export function fireTimesAfter(cron: string, timezone: string, after: number, count: number): number[] {
  return compile(cron, timezone)
    .nextRuns(count, new Date(after))
    .map((date) => date.getTime())
}

/** The first fire time strictly after `after`, or null when there is none. */
export function nextFireAfter(cron: string, timezone: string, after: number): number | null {
  return fireTimesAfter(cron, timezone, after, 1)[0] ?? null
}

/**
 * The latest fire time at or before `now`, no earlier than `from` (a due fire time): after downtime, the one missed
 * fire that runs. `from` itself when no later fire time has passed.
 */
export function latestFireAtOrBefore(cron: string, timezone: string, from: number, now: number): number {
  let latest = from
  const previous = compile(cron, timezone).previousRuns(1, new Date(now + 1))[0]?.getTime()
  if (previous !== undefined && previous >= from && previous <= now) latest = previous
  return latest
}
