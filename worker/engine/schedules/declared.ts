// The schedules declared with the registered jobs (`defineJob({ schedule })`), each checked: a broken one carries its error.
import { errorMessage } from '../errors'
import { findJob, jobNames } from '../registry'
import { validateInput } from '../trigger/trigger'
import { cronProblem, timezoneProblem } from './cron'

/** A declared schedule's name: letters, digits, '_', '.', '-' (it becomes part of the schedule id). */
export const SCHEDULE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/

export interface Declaration {
  id: string
  jobName: string
  name: string
  cron: string
  timezone: string
  input: unknown
  /** Why it cannot fire, or null. */
  problem: string | null
}

function problemOf(jobName: string, cron: unknown, timezone: unknown, name: string, input: unknown): string | null {
  if (!SCHEDULE_NAME_PATTERN.test(name)) return `name: must be 1 to 64 letters, digits, '_', '.' or '-'`
  if (typeof timezone !== 'string') return 'timezone: must be a string'
  const zone = timezoneProblem(timezone)
  if (zone) return `timezone: ${zone}`
  if (typeof cron !== 'string') return 'cron: must be a string'
  const cronIssue = cronProblem(cron, timezone)
  if (cronIssue) return `cron: ${cronIssue}`
  const job = findJob(jobName)
  if (!job) return `job "${jobName}" is not registered`
  try {
    validateInput(job, input)
    return null
  } catch (error) {
    return errorMessage(error)
  }
}

/** Every schedule the registered jobs declare, in job and declaration order. */
export function declaredSchedules(): Declaration[] {
  const declarations: Declaration[] = []
  const seen = new Set<string>()
  for (const jobName of jobNames()) {
    const job = findJob(jobName)
    job?.schedules.forEach((schedule, index) => {
      const name = schedule.name ?? String(index)
      const timezone = schedule.timezone ?? 'UTC'
      const id = `${jobName}:${name}`
      if (seen.has(id)) return console.warn(`job "${jobName}" declares two schedules named "${name}": the second is ignored`)
      seen.add(id)
      declarations.push({
        id,
        jobName,
        name,
        cron: String(schedule.cron),
        timezone: String(timezone),
        input: schedule.input,
        problem: problemOf(jobName, schedule.cron, timezone, name, schedule.input),
      })
    })
  }
  return declarations
}
