// POST /retrigger (a fresh run from a finished one, optionally from a chosen step with an edited input) and POST /cancel.
import { Hono } from 'hono'
import type { HandlerDeps, HandlerEnv } from '../deps'
import { allowOnly } from '../method-not-allowed'
import { loadAccessibleRun } from '../run-access'
import { retriggerBodySchema, retriggerQuerySchema, runIdQuerySchema } from '../schemas/requests'
import { limitBody, validOptionalJson, validQuery } from '../validate'

export function runActionRoutes(deps: HandlerDeps) {
  return new Hono<HandlerEnv>()
    .post('/retrigger', validQuery(retriggerQuerySchema), limitBody(deps.maxBodyBytes), validOptionalJson(retriggerBodySchema), async (c) => {
      const { runId, fromStep } = c.req.valid('query')
      const { input } = c.req.valid('json')
      await loadAccessibleRun(deps, c.var.authContext, runId, 'retrigger')
      const run = await deps.durably.retrigger(runId, { fromStep, ...(input === undefined ? {} : { input }) })
      return c.json({ success: true as const, runId: run.id }, 200)
    })
    .use('/retrigger', allowOnly('POST'))
    .post('/cancel', validQuery(runIdQuerySchema), async (c) => {
      const { runId } = c.req.valid('query')
      await loadAccessibleRun(deps, c.var.authContext, runId, 'cancel')
      await deps.durably.cancel(runId)
      return c.json({ success: true as const }, 200)
    })
    .use('/cancel', allowOnly('POST'))
}
