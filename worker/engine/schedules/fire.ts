// One fire of a schedule: the run of its job for one fire time, made exactly once by an idempotency key of the two.
import type { EngineEnv } from '../bindings'
import { DurablyError, errorMessage } from '../errors'
import { findJob } from '../registry'
import { checkTrigger, triggerRun } from '../trigger/trigger'
import { latestFireAtOrBefore, nextFireAfter } from './cron'
import { FIRE_TIME_LABEL, SCHEDULE_LABEL } from './labels'
import type { ScheduleRow } from './schedule-store'

/** How soon a fire that failed for a passing reason (D1 or a shard unreachable) is tried again. */
export const FIRE_RETRY_MS = 10_000

/** The idempotency key of one fire: a second trigger of the same fire (alarm twice, a race) gets the same run. */
export function fireKey(scheduleId: string, fireTime: number): string {
  return `schedule:${scheduleId}:${new Date(fireTime).toISOString()}`
}

/** Triggers the run of `row` for `fireTime`, or returns the run an earlier trigger of that fire made. */
export async function triggerFire(env: EngineEnv, row: ScheduleRow, fireTime: number): Promise<string> {
  const job = findJob(row.job_name)
  if (!job) throw new DurablyError(`Job not found: ${row.job_name}`, 404)
  const input = row.input === null ? undefined : JSON.parse(row.input)
  const checked = await checkTrigger(job, input, {
    idempotencyKey: fireKey(row.id, fireTime),
    labels: { [SCHEDULE_LABEL]: row.id, [FIRE_TIME_LABEL]: new Date(fireTime).toISOString() },
  })
  return (await triggerRun(env, checked)).id
}

/**
 * Handles a due schedule at `now` and returns its row as it is afterwards. Catch-up: of the fire times that passed
 * since its due one (after downtime there may be many), only the latest runs; the next is the first after `now`.
 * A fire the job refuses (input no longer valid, job gone) is recorded and skipped; one that failed for another
 * reason is tried again in FIRE_RETRY_MS, for the latest fire time passed by then.
 */
export async function fireDue(env: EngineEnv, row: ScheduleRow, now: number): Promise<ScheduleRow> {
  if (row.next_fire_at === null) return { ...row, due_at: null }
  const fireTime = latestFireAtOrBefore(row.cron, row.timezone, row.next_fire_at, now)
  try {
    const runId = await triggerFire(env, row, fireTime)
    return advance({ ...row, last_fire_at: fireTime, last_run_id: runId, last_error: null }, fireTime, now)
  } catch (error) {
    const message = `fire at ${new Date(fireTime).toISOString()} failed: ${errorMessage(error)}`
    if (error instanceof DurablyError) return advance({ ...row, last_error: message }, fireTime, now)
    console.warn(`schedule ${row.id}: ${message}; trying again in ${FIRE_RETRY_MS} ms`)
    return { ...row, last_error: message, due_at: now + FIRE_RETRY_MS, updated_at: now }
  }
}

/** The row with its next fire after both `fireTime` and `now`, due then. */
function advance(row: ScheduleRow, fireTime: number, now: number): ScheduleRow {
  const next = nextFireAfter(row.cron, row.timezone, Math.max(fireTime, now))
  return { ...row, next_fire_at: next, due_at: next, updated_at: now }
}
