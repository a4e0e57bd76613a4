// The schedules list: loaded while watched, reloaded after each action and once the earliest next fire time passes.
import { ApiError } from './api'
import type { NewSchedule, Schedule, ScheduleApi } from './schedule-api'

export interface SchedulesState {
  schedules: Schedule[]
  isLoading: boolean
  error: string | null
  /** The id of the schedule an action is under way for (its buttons wait). */
  busyId: string | null
}

export interface SchedulesStore {
  getState(): SchedulesState
  subscribe(listener: () => void): () => void
  refresh(): Promise<void>
  pause(id: string): Promise<void>
  resume(id: string): Promise<void>
  remove(id: string): Promise<void>
  /** Creates a schedule; rejects with the ApiError (its issues name the fields) so a form can show them. */
  create(schedule: NewSchedule): Promise<Schedule>
}

/** Reload this long after the earliest next fire time, so its run and the following fire times show. */
const AFTER_FIRE_MS = 1_500
/** Longest wait a timer takes (setTimeout's limit is about 24.8 days). */
const MAX_WAIT_MS = 2 ** 31 - 1

const message = (error: unknown) => (error instanceof Error ? error.message : String(error))

export function createSchedulesStore(api: ScheduleApi, now: () => number = Date.now): SchedulesStore {
  const listeners = new Set<() => void>()
  let state: SchedulesState = { schedules: [], isLoading: true, error: null, busyId: null }
  let fireTimer: ReturnType<typeof setTimeout> | null = null
  let requestId = 0

  const set = (patch: Partial<SchedulesState>) => {
    state = { ...state, ...patch }
    for (const listener of [...listeners]) listener()
  }

  function watchNextFire(): void {
    if (fireTimer) clearTimeout(fireTimer)
    fireTimer = null
    const next = Math.min(...state.schedules.flatMap((schedule) => schedule.nextFireTimes.slice(0, 1).map(Date.parse)))
    if (!Number.isFinite(next) || listeners.size === 0) return
    fireTimer = setTimeout(() => void refresh(), Math.min(MAX_WAIT_MS, Math.max(0, next - now()) + AFTER_FIRE_MS))
  }

  async function refresh(): Promise<void> {
    const id = ++requestId
    try {
      const schedules = await api.list()
      if (id !== requestId) return
      set({ schedules, isLoading: false, error: null })
      watchNextFire()
    } catch (error) {
      if (id === requestId) set({ isLoading: false, error: message(error) })
    }
  }

  /** Runs one action on schedule `id`, then shows the answer (an action's error stays until the next success). */
  async function act(id: string, action: () => Promise<unknown>): Promise<void> {
    set({ busyId: id })
    try {
      await action()
      set({ busyId: null })
      await refresh()
    } catch (error) {
      set({ busyId: null, error: error instanceof ApiError ? error.message : message(error) })
    }
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener)
      if (listeners.size === 1) void refresh()
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0 && fireTimer) {
          clearTimeout(fireTimer)
          fireTimer = null
        }
      }
    },
    refresh,
    pause: (id) => act(id, () => api.pause(id)),
    resume: (id) => act(id, () => api.resume(id)),
    remove: (id) => act(id, () => api.remove(id)),
    async create(schedule) {
      const created = await api.create(schedule)
      await refresh()
      return created
    },
  }
}
