// A stored schedule as callers see it: times as ISO 8601, input parsed, and its next fire times listed.
import { fireTimesAfter } from './cron'
import type { Schedule } from './schedule-schema'
import type { ScheduleRow } from './schedule-store'

/** How many next fire times a schedule lists. */
export const LISTED_FIRE_TIMES = 5

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

function nextFireTimes(row: ScheduleRow): string[] {
  if (row.paused || row.config_error !== null || row.next_fire_at === null) return []
  const later = fireTimesAfter(row.cron, row.timezone, row.next_fire_at, LISTED_FIRE_TIMES - 1)
  return [row.next_fire_at, ...later].map((ms) => new Date(ms).toISOString())
}

export function toSchedule(row: ScheduleRow): Schedule {
  return {
    id: row.id,
    jobName: row.job_name,
    name: row.name,
    cron: row.cron,
    timezone: row.timezone,
    input: row.input === null ? undefined : JSON.parse(row.input),
    source: row.source,
    paused: row.paused === 1,
    nextFireTimes: nextFireTimes(row),
    lastFiredAt: iso(row.last_fire_at),
    lastRunId: row.last_run_id,
    error: row.config_error ?? row.last_error,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  }
}
