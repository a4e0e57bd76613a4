// What a schedule looks like to callers (engine API, HTTP, dashboard): one zod schema, the type inferred from it.
import { z } from 'zod'

export const SCHEDULE_SOURCES = ['declared', 'api'] as const

export const scheduleSchema = z.object({
  id: z.string().describe("Declared: '<jobName>:<name or position>'; created over the API: a generated id"),
  jobName: z.string(),
  name: z.string().nullable().describe('The name given with the schedule, if any'),
  cron: z.string().describe('Five fields (minute hour day-of-month month day-of-week), or six with seconds first'),
  timezone: z.string().describe('IANA time zone the cron is read in'),
  input: z.unknown().describe('The input of each run'),
  source: z.enum(SCHEDULE_SOURCES).describe("'declared' with the job (defineJob), or 'api' (created at runtime)"),
  paused: z.boolean(),
  nextFireTimes: z.array(z.string()).describe('The next fire times (ISO 8601, up to 5); empty while paused or broken'),
  lastFiredAt: z.string().nullable().describe('The fire time of the last run it triggered'),
  lastRunId: z.string().nullable(),
  error: z
    .string()
    .nullable()
    .describe('Why it cannot fire (a declared schedule whose cron or input is wrong), or why its last fire failed'),
  createdAt: z.string(),
  updatedAt: z.string(),
})

export type Schedule = z.infer<typeof scheduleSchema>

/** What `createSchedule` takes: the job, its cron (and time zone), the input of each run and an optional name. */
export interface CreateScheduleRequest {
  jobName: string
  cron: string
  /** IANA time zone (default 'UTC'). */
  timezone?: string
  input?: unknown
  name?: string
}

/** The schedule operations of the durably instance. */
export interface ScheduleOperations {
  /** Every schedule, declared and created, with its next fire times. */
  listSchedules(): Promise<Schedule[]>
  getSchedule(id: string): Promise<Schedule | null>
  /** ValidationError naming `cron`, `timezone`, `name` or `input.…`; NotFoundError for an unknown job. */
  createSchedule(request: CreateScheduleRequest): Promise<Schedule>
  pauseSchedule(id: string): Promise<Schedule>
  resumeSchedule(id: string): Promise<Schedule>
  /** NotFoundError when unknown; ConflictError for a declared schedule (pause it instead). */
  deleteSchedule(id: string): Promise<void>
  /** Makes sure the Scheduler runs (once per isolate; later calls return at once). */
  wakeScheduler(): Promise<void>
}
