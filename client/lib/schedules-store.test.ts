// The schedules store: loads while watched, refreshes after actions and after the next fire, keeps action errors.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, createApi } from './api'
import { createAuthStore } from './auth-store'
import type { Schedule, ScheduleApi } from './schedule-api'
import { createSchedulesStore } from './schedules-store'

function schedule(id: string, extra: Partial<Schedule> = {}): Schedule {
  return {
    id, jobName: 'nightly-report', name: null, cron: '0 2 * * *', timezone: 'UTC', input: { days: 1 }, source: 'api',
    paused: false, nextFireTimes: ['2030-01-01T02:00:00.000Z'], lastFiredAt: null, lastRunId: null, error: null,
    createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', ...extra,
  }
}

function fakeApi(list: Schedule[]): ScheduleApi & { calls: string[] } {
  const calls: string[] = []
  const find = (id: string) => list.find((item) => item.id === id) as Schedule
  return {
    calls,
    list: async () => (calls.push('list'), list.map((item) => ({ ...item }))),
    create: async (request) => {
      calls.push(`create ${request.cron}`)
      if (request.cron === 'bad') throw new ApiError('Invalid schedule', 400, [{ path: 'cron', message: 'does not parse' }])
      const created = schedule(`s${list.length + 1}`, { cron: request.cron })
      list.push(created)
      return created
    },
    pause: async (id) => (calls.push(`pause ${id}`), Object.assign(find(id), { paused: true, nextFireTimes: [] })),
    resume: async (id) => (calls.push(`resume ${id}`), Object.assign(find(id), { paused: false })),
    remove: async (id) => {
      calls.push(`delete ${id}`)
      if (find(id).source === 'declared') throw new ApiError('Schedule is declared with its job', 409)
      list.splice(list.indexOf(find(id)), 1)
    },
  }
}

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('schedules store', () => {
  it('loads when watched, and shows each action’s result', async () => {
    const api = fakeApi([schedule('s1'), schedule('job:0', { source: 'declared' })])
    const store = createSchedulesStore(api)
    const stop = store.subscribe(() => undefined)
    await vi.waitFor(() => expect(store.getState().isLoading).toBe(false))
    expect(store.getState().schedules.map((item) => item.id)).toEqual(['s1', 'job:0'])
    await store.pause('s1')
    expect(store.getState().schedules[0]?.paused).toBe(true)
    await store.resume('s1')
    expect(store.getState().schedules[0]?.paused).toBe(false)
    await store.remove('job:0')
    expect(store.getState().error).toMatch(/declared/)
    await store.remove('s1')
    expect(store.getState().schedules.map((item) => item.id)).toEqual(['job:0'])
    await expect(store.create({ jobName: 'nightly-report', cron: 'bad' })).rejects.toMatchObject({ issues: [{ path: 'cron' }] })
    await store.create({ jobName: 'nightly-report', cron: '0 3 * * *' })
    expect(store.getState().schedules.map((item) => item.cron)).toContain('0 3 * * *')
    stop()
  })

  it('loads again once the earliest next fire time has passed', async () => {
    vi.useFakeTimers({ now: Date.parse('2030-01-01T01:59:00.000Z') })
    const api = fakeApi([schedule('s1')])
    const store = createSchedulesStore(api)
    const stop = store.subscribe(() => undefined)
    await vi.waitFor(() => expect(store.getState().isLoading).toBe(false))
    const loads = () => api.calls.filter((call) => call === 'list').length
    expect(loads()).toBe(1)
    await vi.advanceTimersByTimeAsync(59_000)
    expect(loads()).toBe(1)
    await vi.advanceTimersByTimeAsync(3_000)
    expect(loads()).toBe(2)
    stop()
  })

  it('calls the schedule endpoints of the API', async () => {
    const requests: string[] = []
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input instanceof Request ? input.url : input), 'http://localhost')
      requests.push(`${init?.method ?? (input instanceof Request ? input.method : 'GET')} ${url.pathname}${url.search}`)
      const body = url.pathname.endsWith('/schedules') && (init?.method ?? 'GET') === 'GET' ? { schedules: [] } : { schedule: schedule('s1'), success: true }
      return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } })
    })
    const api = createApi('/api/durably', createAuthStore()).schedules
    await api.list()
    await api.create({ jobName: 'nightly-report', cron: '0 2 * * *' })
    await api.pause('a:b')
    await api.resume('a:b')
    await api.remove('a:b')
    expect(requests).toEqual([
      'GET /api/durably/schedules',
      'POST /api/durably/schedules',
      'POST /api/durably/schedules/pause?id=a%3Ab',
      'POST /api/durably/schedules/resume?id=a%3Ab',
      'DELETE /api/durably/schedules?id=a%3Ab',
    ])
  })
})
