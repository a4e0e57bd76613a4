// GET /logs: the stored logs of one run in order, paged with `after` (the last sequence seen) and `limit`.
import { Hono } from 'hono'
import type { HandlerDeps, HandlerEnv } from '../deps'
import { allowOnly } from '../method-not-allowed'
import { loadAccessibleRun } from '../run-access'
import { logsQuerySchema } from '../schemas/requests'
import { validQuery } from '../validate'

export function logsRoutes(deps: HandlerDeps) {
  return new Hono<HandlerEnv>()
    .get('/', validQuery(logsQuerySchema), async (c) => {
      const { runId, after, limit } = c.req.valid('query')
      await loadAccessibleRun(deps, c.var.authContext, runId, 'logs')
      return c.json(await deps.durably.getLogs(runId, { afterSequence: after, limit }), 200)
    })
    .use('/', allowOnly('GET'))
}
