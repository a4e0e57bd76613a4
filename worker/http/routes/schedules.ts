// GET /schedules, POST /schedules (create), POST /schedules/pause and /schedules/resume, DELETE /schedules (by `id`).
import { Hono } from 'hono'
import type { HandlerDeps, HandlerEnv } from '../deps'
import { allowOnly } from '../method-not-allowed'
import { checkScheduleAccess, loadAccessibleSchedule, readableSchedules } from '../schedule-access'
import { createScheduleBodySchema, scheduleIdQuerySchema } from '../schemas/schedules'
import { limitBody, validJson, validQuery } from '../validate'

export function scheduleRoutes(deps: HandlerDeps) {
  return new Hono<HandlerEnv>()
    .get('/', async (c) => {
      const schedules = await readableSchedules(deps, c.var.authContext, await deps.durably.listSchedules())
      return c.json({ schedules }, 200)
    })
    .post('/', limitBody(deps.maxBodyBytes), validJson(createScheduleBodySchema), async (c) => {
      const body = c.req.valid('json')
      await checkScheduleAccess(deps, c.var.authContext, { ...body, input: body.input, timezone: body.timezone ?? 'UTC' }, 'create')
      const schedule = await deps.durably.createSchedule(body)
      return c.json({ schedule }, 200)
    })
    .delete('/', validQuery(scheduleIdQuerySchema), async (c) => {
      const { id } = c.req.valid('query')
      await loadAccessibleSchedule(deps, c.var.authContext, id, 'delete')
      await deps.durably.deleteSchedule(id)
      return c.json({ success: true as const }, 200)
    })
    .use('/', allowOnly('GET', 'POST', 'DELETE'))
    .post('/pause', validQuery(scheduleIdQuerySchema), async (c) => {
      const { id } = c.req.valid('query')
      await loadAccessibleSchedule(deps, c.var.authContext, id, 'pause')
      return c.json({ schedule: await deps.durably.pauseSchedule(id) }, 200)
    })
    .use('/pause', allowOnly('POST'))
    .post('/resume', validQuery(scheduleIdQuerySchema), async (c) => {
      const { id } = c.req.valid('query')
      await loadAccessibleSchedule(deps, c.var.authContext, id, 'resume')
      return c.json({ schedule: await deps.durably.resumeSchedule(id) }, 200)
    })
    .use('/resume', allowOnly('POST'))
}
