// The schedule operations of the durably instance: checks in the Worker, then one call to the Scheduler object.
import type { EngineEnv } from '../bindings'
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '../errors'
import { newId } from '../ids'
import type { AnyJobDefinition } from '../types'
import { validateInput } from '../trigger/trigger'
import { checkCron } from './cron'
import { SCHEDULE_NAME_PATTERN } from './declared'
import type { CreateScheduleRequest, Schedule, ScheduleOperations } from './schedule-schema'
import { MAX_SCHEDULES, type SchedulerRpc } from './scheduler-rpc'
import { toSchedule } from './schedule-view'

/** The one Scheduler of the Worker. */
export function schedulerStub(env: EngineEnv): DurableObjectStub<SchedulerRpc> {
  return env.SCHEDULER.get(env.SCHEDULER.idFromName('scheduler'))
}

/** Problems of one check, or none. */
function issuesOf(check: () => void): FieldIssue[] {
  try {
    check()
    return []
  } catch (error) {
    if (error instanceof ValidationError) return error.issues
    throw error
  }
}

/** Checks a new schedule: name, cron and time zone, and its input against the job's schema (all problems at once). */
function checkSchedule(job: AnyJobDefinition, request: CreateScheduleRequest): void {
  const issues: FieldIssue[] = []
  if (request.name !== undefined && !SCHEDULE_NAME_PATTERN.test(request.name)) {
    issues.push({ path: 'name', message: "must be 1 to 64 letters, digits, '_', '.' or '-', starting with a letter or digit" })
  }
  issues.push(...issuesOf(() => checkCron(request.cron, request.timezone ?? 'UTC')))
  issues.push(...issuesOf(() => validateInput(job, request.input)))
  if (issues.length > 0) {
    throw new ValidationError(`Invalid schedule: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`, issues)
  }
}


/** Whether this isolate has made sure the Scheduler runs (it then keeps its own alarm). Plain data: safe to share. */
let schedulerWoken = false

export function scheduleOperations(
  bindings: () => EngineEnv,
  registered: (jobName: string) => AnyJobDefinition,
): ScheduleOperations {
  const stub = () => schedulerStub(bindings())
  const found = (id: string, row: Awaited<ReturnType<SchedulerRpc['setPaused']>>): Schedule => {
    if (!row) throw new NotFoundError(`Schedule not found: ${id}`)
    return toSchedule(row)
  }
  const operations: ScheduleOperations = {
    listSchedules: async () => (await stub().list()).map(toSchedule),
    getSchedule: async (id) => (await operations.listSchedules()).find((schedule) => schedule.id === id) ?? null,
    async createSchedule(request) {
      const job = registered(request.jobName)
      checkSchedule(job, request)
      const row = await stub().create({
        id: newId(),
        jobName: job.name,
        name: request.name ?? null,
        cron: request.cron,
        timezone: request.timezone ?? 'UTC',
        input: request.input === undefined ? null : JSON.stringify(request.input),
      })
      if (!row) throw new ConflictError(`There are ${MAX_SCHEDULES} schedules already; delete one first`)
      return toSchedule(row)
    },
    pauseSchedule: async (id) => found(id, await stub().setPaused(id, true)),
    resumeSchedule: async (id) => found(id, await stub().setPaused(id, false)),
    async deleteSchedule(id) {
      const outcome = await stub().remove(id)
      if (outcome === 'missing') throw new NotFoundError(`Schedule not found: ${id}`)
      if (outcome === 'declared') {
        throw new ConflictError(`Schedule ${id} is declared with its job and cannot be deleted; pause it, or remove it from the job`)
      }
    },
    async wakeScheduler() {
      if (schedulerWoken) return
      schedulerWoken = true
      await stub()
        .list()
        .catch((error: unknown) => {
          schedulerWoken = false
          console.warn(`the scheduler could not be reached: ${String(error)}`)
        })
    },
  }
  return operations
}
