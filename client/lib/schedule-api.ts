// The schedule calls of the API (GET/POST/DELETE /schedules, pause, resume), typed by the server's routes.
import type { Schedule } from '../../worker/engine/schedules/schedule-schema'
import type { ApiRoutes, ReadJson } from './api-routes'

export type { Schedule }

/** What the create form sends: the job, its cron (and time zone) and the input of each run. */
export interface NewSchedule {
  jobName: string
  cron: string
  timezone?: string
  input?: unknown
  name?: string
}

export function createScheduleApi(routes: ApiRoutes, json: ReadJson) {
  return {
    list: async (): Promise<Schedule[]> => (await json(routes.schedules.$get())).schedules,
    create: async (schedule: NewSchedule): Promise<Schedule> => (await json(routes.schedules.$post({ json: schedule }))).schedule,
    pause: async (id: string): Promise<Schedule> => (await json(routes.schedules.pause.$post({ query: { id } }))).schedule,
    resume: async (id: string): Promise<Schedule> => (await json(routes.schedules.resume.$post({ query: { id } }))).schedule,
    remove: async (id: string): Promise<void> => void (await json(routes.schedules.$delete({ query: { id } }))),
  }
}

export type ScheduleApi = ReturnType<typeof createScheduleApi>
