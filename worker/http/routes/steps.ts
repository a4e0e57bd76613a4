// GET /steps: the stored steps of one run, in order.
import { Hono } from 'hono'
import type { HandlerDeps, HandlerEnv } from '../deps'
import { allowOnly } from '../method-not-allowed'
import { loadAccessibleRun } from '../run-access'
import { runIdQuerySchema } from '../schemas/requests'
import { validQuery } from '../validate'

export function stepsRoutes(deps: HandlerDeps) {
  return new Hono<HandlerEnv>()
    .get('/', validQuery(runIdQuerySchema), async (c) => {
      const { runId } = c.req.valid('query')
      await loadAccessibleRun(deps, c.var.authContext, runId, 'steps')
      return c.json(await deps.durably.getSteps(runId), 200)
    })
    .use('/', allowOnly('GET'))
}
