// The schedule endpoints: list, create (bad input is a 400 naming the field and changes nothing), pause, resume, delete.
import { describe, expect, it } from 'vitest'
import { api, postJson } from './testing/requests'

interface ScheduleBody {
  id: string
  jobName: string
  source: string
  paused: boolean
  nextFireTimes: string[]
  cron: string
  timezone: string
}

async function listed(): Promise<ScheduleBody[]> {
  const response = await api('/schedules')
  expect(response.status).toBe(200)
  return ((await response.json()) as { schedules: ScheduleBody[] }).schedules
}

const DECLARED = 'nightly-report:nightly'

describe('schedule endpoints', () => {
  it('lists the schedules declared with the app’s jobs', async () => {
    const nightly = (await listed()).find((schedule) => schedule.id === DECLARED)
    expect(nightly).toMatchObject({ jobName: 'nightly-report', source: 'declared', paused: false, cron: '0 2 * * *', timezone: 'UTC' })
    expect(nightly?.nextFireTimes).toHaveLength(5)
  })

  it('answers a bad cron, time zone or input with a 400 naming the field, and creates nothing', async () => {
    const before = (await listed()).length
    const cases: [Record<string, unknown>, string][] = [
      [{ jobName: 'nightly-report', cron: 'every night', input: { days: 1 } }, 'cron'],
      [{ jobName: 'nightly-report', cron: '0 0 31 2 *', input: { days: 1 } }, 'cron'],
      [{ jobName: 'nightly-report', cron: '0 2 * * *', timezone: 'Moon/Base', input: { days: 1 } }, 'timezone'],
      [{ jobName: 'nightly-report', cron: '0 2 * * *', input: { days: 0 } }, 'input.days'],
      [{ jobName: 'nightly-report', input: { days: 1 } }, 'cron'],
      [{ jobName: 'nightly-report', cron: 7 }, 'cron'],
    ]
    for (const [body, field] of cases) {
      const response = await postJson('/schedules', body)
      expect(response.status, JSON.stringify(body)).toBe(400)
      const error = (await response.json()) as { error: string; issues: { path: string }[] }
      expect(error.issues.map((issue) => issue.path)).toContain(field)
    }
    const unknown = await postJson('/schedules', { jobName: 'nope', cron: '0 2 * * *' })
    expect(unknown.status, await unknown.clone().text()).toBe(404)
    expect((await listed()).length).toBe(before)
  })

  it('creates, pauses, resumes and deletes a schedule', async () => {
    const response = await postJson('/schedules', { jobName: 'nightly-report', cron: '0 6 * * 1-5', timezone: 'Europe/Berlin', input: { days: 7 } })
    expect(response.status).toBe(200)
    const { schedule } = (await response.json()) as { schedule: ScheduleBody }
    expect(schedule).toMatchObject({ source: 'api', paused: false, timezone: 'Europe/Berlin' })
    const paused = await api(`/schedules/pause?id=${schedule.id}`, { method: 'POST' })
    expect(((await paused.json()) as { schedule: ScheduleBody }).schedule).toMatchObject({ paused: true, nextFireTimes: [] })
    const resumed = await api(`/schedules/resume?id=${schedule.id}`, { method: 'POST' })
    expect(((await resumed.json()) as { schedule: ScheduleBody }).schedule.paused).toBe(false)
    expect((await api(`/schedules?id=${schedule.id}`, { method: 'DELETE' })).status).toBe(200)
    expect((await listed()).some((item) => item.id === schedule.id)).toBe(false)
    expect((await api(`/schedules?id=${schedule.id}`, { method: 'DELETE' })).status).toBe(404)
  })

  it('keeps declared schedules from being deleted, and answers bad or unknown ids with 4xx', async () => {
    expect((await api(`/schedules?id=${DECLARED}`, { method: 'DELETE' })).status).toBe(409)
    expect((await api('/schedules/pause?id=missing:1', { method: 'POST' })).status).toBe(404)
    const bad = await api('/schedules/pause?id=%20x', { method: 'POST' })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { issues: { path: string }[] }).issues[0]?.path).toBe('id')
    expect((await api('/schedules/pause', { method: 'POST' })).status).toBe(400)
    expect((await api('/schedules/pause', { method: 'GET' })).status).toBe(405)
    expect((await api('/schedules', { token: null })).status).toBe(401)
  })
})
