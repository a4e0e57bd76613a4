// Zod schemas of the schedule requests and answers (the engine checks cron, time zone and input; these check shape).
import { z } from 'zod'
import { MAX_JOB_NAME_LENGTH } from '../../engine/define-job'
import { scheduleSchema } from '../../engine/schedules/schedule-schema'

/** Longest schedule id a request may name (declared ids are '<jobName>:<name>'). */
export const MAX_SCHEDULE_ID_LENGTH = 200

export const scheduleIdQuerySchema = z.object({
  id: z
    .string({ error: 'query parameter is required' })
    .min(1, 'query parameter is required')
    .max(MAX_SCHEDULE_ID_LENGTH, `must be a schedule id of at most ${MAX_SCHEDULE_ID_LENGTH} characters`)
    .regex(/^[A-Za-z0-9_.:-]+$/, "must be a schedule id (letters, digits, '_', '.', ':' and '-')"),
})

const optionalString = (description: string) =>
  z
    .string({ error: 'must be a string' })
    .nullish()
    .transform((value) => value ?? undefined)
    .describe(description)

export const createScheduleBodySchema = z.object({
  jobName: z
    .string({ error: 'is required' })
    .min(1, 'is required')
    .max(MAX_JOB_NAME_LENGTH, `must be a job name of at most ${MAX_JOB_NAME_LENGTH} characters`),
  cron: z
    .string({ error: 'is required' })
    .describe("Five fields (minute hour day-of-month month day-of-week), six with seconds first, or '@daily' and the like"),
  timezone: optionalString("IANA time zone the cron is read in (default 'UTC')"),
  input: z.unknown().optional().describe('The input of each run, checked by the job’s input schema now'),
  name: optionalString("A name for people: 1 to 64 letters, digits, '_', '.' or '-'"),
})

export type CreateScheduleBody = z.output<typeof createScheduleBodySchema>

export { scheduleSchema }

export const schedulesResponseSchema = z.object({ schedules: z.array(scheduleSchema) })
export const scheduleResponseSchema = z.object({ schedule: scheduleSchema })
