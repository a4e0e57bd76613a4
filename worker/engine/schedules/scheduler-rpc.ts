// What the Scheduler object answers over RPC (stubs are typed by this, so callers never import its class).
import type { ScheduleRow } from './schedule-store'

/** A schedule created at runtime, checked by the caller (job, cron, time zone and input). */
export interface NewSchedule {
  id: string
  jobName: string
  name: string | null
  cron: string
  timezone: string
  /** The input as JSON, or null for none. */
  input: string | null
}

/** Most schedules one Worker keeps (declared ones count too). */
export const MAX_SCHEDULES = 1_000

export type RemoveOutcome = 'deleted' | 'declared' | 'missing'

export interface SchedulerRpc extends Rpc.DurableObjectBranded {
  /** Every schedule (declared ones synced first). */
  list(): ScheduleRow[]
  /** Null when the Scheduler already holds MAX_SCHEDULES schedules. */
  create(schedule: NewSchedule): ScheduleRow | null
  /** Pauses or resumes; null when there is no such schedule. */
  setPaused(id: string, paused: boolean): ScheduleRow | null
  /** Deletes a schedule created at runtime; declared ones stay ('declared'). */
  remove(id: string): RemoveOutcome
}
