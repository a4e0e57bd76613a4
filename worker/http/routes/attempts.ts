// GET /attempts: every attempt of one run's steps (failed, timed out, cut off by a restart, and the completed one).
import { Hono } from 'hono'
import type { HandlerDeps, HandlerEnv } from '../deps'
import { allowOnly } from '../method-not-allowed'
import { loadAccessibleRun } from '../run-access'
import { runIdQuerySchema } from '../schemas/requests'
import { validQuery } from '../validate'

export function attemptsRoutes(deps: HandlerDeps) {
  return new Hono<HandlerEnv>()
    .get('/', validQuery(runIdQuerySchema), async (c) => {
      const { runId } = c.req.valid('query')
      await loadAccessibleRun(deps, c.var.authContext, runId, 'steps')
      return c.json(await deps.durably.getAttempts(runId), 200)
    })
    .use('/', allowOnly('GET'))
}
