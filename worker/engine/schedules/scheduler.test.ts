// The Scheduler: declared schedules synced, runtime ones created, paused, resumed and deleted; one run per fire time.
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { createDurably, defineJob, type EngineEnv } from '..'
import { ConflictError, NotFoundError, ValidationError } from '../errors'
import { triggerFire } from './fire'
import { FIRE_TIME_LABEL, SCHEDULE_LABEL } from './labels'
import { schedulerStub } from './schedule-api'
import { getScheduleRow, type ScheduleRow } from './schedule-store'
import type { Scheduler } from './scheduler'

const reportJob = defineJob({
  name: 'test-scheduled-report',
  input: z.object({ note: z.string() }),
  schedule: [
    { name: 'daily', cron: '0 0 * * *', input: { note: 'daily' } },
    { cron: '30 2 * * *', timezone: 'Europe/Berlin', input: { note: 'berlin' } },
  ],
  run: async (step, input) => {
    await step.run('report', () => input.note)
  },
})

const brokenJob = defineJob({
  name: 'test-scheduled-broken',
  input: z.object({ note: z.string() }),
  schedule: { cron: '0 0 * * *', input: { note: 5 } },
  run: async () => {},
})

const durably = createDurably({ jobs: { report: reportJob, broken: brokenJob } })
const engineEnv = env as unknown as EngineEnv
const scheduler = () => schedulerStub(engineEnv) as unknown as DurableObjectStub<Scheduler>
const DAY = 86_400_000

/** Changes a stored schedule inside the Scheduler (as time passing or downtime would leave it). */
function patchRow(id: string, patch: Partial<ScheduleRow>): Promise<ScheduleRow> {
  return runInDurableObject(scheduler(), async (_, state) => {
    const sets = Object.keys(patch).map((column) => `${column} = ?`)
    if (sets.length > 0) state.storage.sql.exec(`UPDATE schedules SET ${sets.join(', ')} WHERE id = ?`, ...Object.values(patch), id)
    // Not at once (the alarm of a past due time would fire by itself): the test runs it.
    await state.storage.setAlarm(Date.now() + 60_000)
    const row = getScheduleRow(state.storage.sql, id)
    if (!row) throw new Error(`no schedule ${id}`)
    return row
  })
}

async function runsOf(scheduleId: string) {
  return durably.getRuns({ labels: { [SCHEDULE_LABEL]: scheduleId } })
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (error: unknown) => error,
  )
}

const midnight = (ms: number) => Math.floor(ms / DAY) * DAY

describe('declared schedules', () => {
  it('lists each declared schedule with its next five fire times, and a broken one with its error', async () => {
    const schedules = await durably.listSchedules()
    const daily = schedules.find((schedule) => schedule.id === 'test-scheduled-report:daily')
    expect(daily).toMatchObject({ source: 'declared', jobName: 'test-scheduled-report', paused: false, error: null, input: { note: 'daily' } })
    const tomorrow = midnight(Date.now()) + DAY
    expect(daily?.nextFireTimes).toEqual([0, 1, 2, 3, 4].map((i) => new Date(tomorrow + i * DAY).toISOString()))
    const berlin = schedules.find((schedule) => schedule.id === 'test-scheduled-report:1')
    expect(berlin).toMatchObject({ timezone: 'Europe/Berlin', cron: '30 2 * * *' })
    const broken = schedules.find((schedule) => schedule.id === 'test-scheduled-broken:0')
    expect(broken?.error).toMatch(/input\.note/)
    expect(broken?.nextFireTimes).toEqual([])
  })

  it('points the alarm at the earliest next fire time', async () => {
    const schedules = await durably.listSchedules()
    const earliest = Math.min(...schedules.flatMap((schedule) => schedule.nextFireTimes.slice(0, 1).map(Date.parse)))
    const alarm = await runInDurableObject(scheduler(), (_, state) => state.storage.getAlarm())
    expect(alarm).toBe(earliest)
  })

  it('can be paused and resumed, not deleted', async () => {
    const paused = await durably.pauseSchedule('test-scheduled-report:daily')
    expect([paused.paused, paused.nextFireTimes]).toEqual([true, []])
    expect((await durably.listSchedules()).find((schedule) => schedule.id === paused.id)?.paused).toBe(true)
    expect(await rejection(durably.deleteSchedule(paused.id))).toBeInstanceOf(ConflictError)
    const resumed = await durably.resumeSchedule(paused.id)
    expect([resumed.paused, resumed.nextFireTimes.length]).toEqual([false, 5])
  })
})

describe('schedules created at runtime', () => {
  it('refuses a bad cron, time zone, name or input, naming the field, and creates nothing', async () => {
    const before = (await durably.listSchedules()).length
    const issues = async (request: Parameters<typeof durably.createSchedule>[0]) => {
      const error = await rejection(durably.createSchedule(request))
      expect(error).toBeInstanceOf(ValidationError)
      return (error as ValidationError).issues.map((issue) => issue.path)
    }
    expect(await issues({ jobName: 'test-scheduled-report', cron: 'every day', input: { note: 'x' } })).toEqual(['cron'])
    expect(await issues({ jobName: 'test-scheduled-report', cron: '0 0 * * *', timezone: 'Mars/Olympus', input: { note: 'x' } })).toEqual([
      'timezone',
    ])
    expect(await issues({ jobName: 'test-scheduled-report', cron: '0 0 * * *', input: { note: 1 } })).toEqual(['input.note'])
    expect(await issues({ jobName: 'test-scheduled-report', cron: '0 0 * * *', name: 'a b', input: { note: 'x' } })).toEqual(['name'])
    expect(await rejection(durably.createSchedule({ jobName: 'no-such-job', cron: '0 0 * * *' }))).toBeInstanceOf(NotFoundError)
    expect((await durably.listSchedules()).length).toBe(before)
  })

  it('creates, pauses, resumes and deletes a schedule', async () => {
    const created = await durably.createSchedule({ jobName: 'test-scheduled-report', cron: '15 4 * * 1', timezone: 'America/New_York', input: { note: 'weekly' }, name: 'weekly' })
    expect(created).toMatchObject({ source: 'api', name: 'weekly', paused: false, lastRunId: null })
    expect(created.nextFireTimes).toHaveLength(5)
    expect((await durably.pauseSchedule(created.id)).paused).toBe(true)
    expect((await durably.resumeSchedule(created.id)).paused).toBe(false)
    await durably.deleteSchedule(created.id)
    expect((await durably.listSchedules()).some((schedule) => schedule.id === created.id)).toBe(false)
    expect(await rejection(durably.deleteSchedule(created.id))).toBeInstanceOf(NotFoundError)
    expect(await rejection(durably.pauseSchedule(created.id))).toBeInstanceOf(NotFoundError)
  })
})

describe('firing', () => {
  it('triggers one run per fire time, however often the alarm fires', async () => {
    const schedule = await durably.createSchedule({ jobName: 'test-scheduled-report', cron: '0 0 * * *', input: { note: 'fired' } })
    const fireTime = midnight(Date.now())
    await patchRow(schedule.id, { next_fire_at: fireTime, due_at: fireTime })
    await runDurableObjectAlarm(scheduler())
    await runDurableObjectAlarm(scheduler())
    // The same fire delivered again as if the first handler's writes were lost: the same run, not a second.
    await patchRow(schedule.id, { next_fire_at: fireTime, due_at: fireTime, last_run_id: null, last_fire_at: null })
    await runDurableObjectAlarm(scheduler())
    const runs = await runsOf(schedule.id)
    expect(runs).toHaveLength(1)
    expect(runs[0]?.labels).toEqual({ [SCHEDULE_LABEL]: schedule.id, [FIRE_TIME_LABEL]: new Date(fireTime).toISOString() })
    expect(runs[0]?.input).toEqual({ note: 'fired' })
    const after = (await durably.listSchedules()).find((item) => item.id === schedule.id)
    expect(after).toMatchObject({ lastRunId: runs[0]?.id, lastFiredAt: new Date(fireTime).toISOString(), error: null })
    expect(after?.nextFireTimes[0]).toBe(new Date(fireTime + DAY).toISOString())
  })

  it('makes one run when the same fire is triggered twice at once (a repeated alarm, a race)', async () => {
    const schedule = await durably.createSchedule({ jobName: 'test-scheduled-report', cron: '0 0 * * *', input: { note: 'race' } })
    const fireTime = midnight(Date.now()) - DAY
    const row = await patchRow(schedule.id, {})
    const ids = await Promise.all([triggerFire(engineEnv, row, fireTime), triggerFire(engineEnv, row, fireTime)])
    expect(ids[0]).toBe(ids[1])
    expect(await triggerFire(engineEnv, row, fireTime)).toBe(ids[0])
    expect(await runsOf(schedule.id)).toHaveLength(1)
  })

  it('after downtime runs only the latest missed fire, then continues from now', async () => {
    const schedule = await durably.createSchedule({ jobName: 'test-scheduled-report', cron: '0 0 * * *', input: { note: 'late' } })
    const today = midnight(Date.now())
    await patchRow(schedule.id, { next_fire_at: today - 3 * DAY, due_at: today - 3 * DAY })
    await runDurableObjectAlarm(scheduler())
    const runs = await runsOf(schedule.id)
    expect(runs.map((run) => run.labels[FIRE_TIME_LABEL])).toEqual([new Date(today).toISOString()])
    const after = (await durably.listSchedules()).find((item) => item.id === schedule.id)
    expect(after?.nextFireTimes[0]).toBe(new Date(today + DAY).toISOString())
  })

  it('does not fire a paused schedule, and a resumed one starts from now', async () => {
    const schedule = await durably.createSchedule({ jobName: 'test-scheduled-report', cron: '0 0 * * *', input: { note: 'paused' } })
    await durably.pauseSchedule(schedule.id)
    const stored = await patchRow(schedule.id, {})
    expect([stored.due_at, stored.next_fire_at]).toEqual([null, null])
    await runDurableObjectAlarm(scheduler())
    expect(await runsOf(schedule.id)).toHaveLength(0)
    const resumed = await durably.resumeSchedule(schedule.id)
    expect(resumed.nextFireTimes[0]).toBe(new Date(midnight(Date.now()) + DAY).toISOString())
  })
})

describe('bounds', () => {
  it('keeps at most 1,000 schedules: one more is a ConflictError and changes nothing', async () => {
    const count = () => runInDurableObject(scheduler(), (_, state) => state.storage.sql.exec<{ n: number }>('SELECT count(*) AS n FROM schedules').one().n)
    await runInDurableObject(scheduler(), (_, state) => {
      const existing = state.storage.sql.exec<{ n: number }>('SELECT count(*) AS n FROM schedules').one().n
      for (let i = existing; i < 1_000; i++) {
        state.storage.sql.exec(
          "INSERT INTO schedules (id, job_name, cron, timezone, source, paused, created_at, updated_at) VALUES (?, 'test-scheduled-report', '0 0 * * *', 'UTC', 'api', 1, 0, 0)",
          `filler-${i}`,
        )
      }
    })
    expect(await count()).toBe(1_000)
    expect(await rejection(durably.createSchedule({ jobName: 'test-scheduled-report', cron: '0 0 * * *', input: { note: 'one more' } }))).toBeInstanceOf(
      ConflictError,
    )
    expect(await count()).toBe(1_000)
  })
})
