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

export type RemoveOutcome = 'deleted' | 'declared' | 'missing'

export interface SchedulerRpc extends Rpc.DurableObjectBranded {
  /** Every schedule (declared ones synced first). */
  list(): ScheduleRow[]
  create(schedule: NewSchedule): ScheduleRow
  /** Pauses or resumes; null when there is no such schedule. */
  setPaused(id: string, paused: boolean): ScheduleRow | null
  /** Deletes a schedule created at runtime; declared ones stay ('declared'). */
  remove(id: string): RemoveOutcome
}
