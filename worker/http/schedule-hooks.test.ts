// onScheduleAccess: refuses create, pause, resume and delete per schedule, and hides schedules refused 'read'.
import { describe, expect, it } from 'vitest'
import { durably } from '../durably'
import { createDurablyHandler } from './handler'
import type { ScheduleOperation } from './types'

const BASE = 'http://app.test/api/durably'
const seen: { user: string; operation: ScheduleOperation; jobName: string }[] = []

/** Alice may do anything; Bob may only read, and not the declared nightly report; nobody else gets in. */
const handler = createDurablyHandler<{ name: string }>(durably, {
  auth: {
    authenticate: (request) => {
      const name = request.headers.get('X-User')
      return name ? { name } : null
    },
    onScheduleAccess: (ctx, schedule, { operation }) => {
      seen.push({ user: ctx.name, operation, jobName: schedule.jobName })
      if (ctx.name === 'alice') return
      if (operation !== 'read') return false
      if (schedule.id === 'nightly-report:nightly') throw new Error('Not yours')
    },
  },
})

function call(path: string, user: string, init: RequestInit = {}): Promise<Response> {
  return handler.handle(new Request(`${BASE}${path}`, { ...init, headers: { 'X-User': user } }), '/api/durably')
}

const createBody = JSON.stringify({ jobName: 'nightly-report', cron: '0 5 * * *', input: { days: 2 } })

describe('onScheduleAccess', () => {
  it('guards each operation, and nothing changes when it refuses', async () => {
    const refused = await call('/schedules', 'bob', { method: 'POST', body: createBody })
    expect(refused.status).toBe(403)
    const created = await call('/schedules', 'alice', { method: 'POST', body: createBody })
    expect(created.status).toBe(200)
    const { schedule } = (await created.json()) as { schedule: { id: string } }
    expect((await call(`/schedules/pause?id=${schedule.id}`, 'bob', { method: 'POST' })).status).toBe(403)
    expect((await call(`/schedules?id=${schedule.id}`, 'bob', { method: 'DELETE' })).status).toBe(403)
    const listed = await durably.listSchedules()
    expect(listed.find((item) => item.id === schedule.id)?.paused).toBe(false)
    expect((await call(`/schedules/pause?id=${schedule.id}`, 'alice', { method: 'POST' })).status).toBe(200)
    expect((await call(`/schedules?id=${schedule.id}`, 'alice', { method: 'DELETE' })).status).toBe(200)
    expect(seen.filter((call) => call.user === 'bob').map((call) => call.operation)).toEqual(['create', 'pause', 'delete'])
  })

  it('leaves schedules refused "read" out of the list', async () => {
    const ids = async (user: string) =>
      (((await (await call('/schedules', user)).json()) as { schedules: { id: string }[] }).schedules).map((item) => item.id)
    expect(await ids('alice')).toContain('nightly-report:nightly')
    expect(await ids('bob')).not.toContain('nightly-report:nightly')
  })
})
