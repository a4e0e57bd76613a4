// GET /run (one run) and DELETE /run (remove a finished run with its steps and logs).
import { Hono } from 'hono'
import { toClientRun } from '../../engine/protocol/client-run'
import type { HandlerDeps, HandlerEnv } from '../deps'
import { allowOnly } from '../method-not-allowed'
import { loadAccessibleRun } from '../run-access'
import { runIdQuerySchema } from '../schemas/requests'
import { validQuery } from '../validate'

export function runRoutes(deps: HandlerDeps) {
  return new Hono<HandlerEnv>()
    .get('/', validQuery(runIdQuerySchema), async (c) => {
      const run = await loadAccessibleRun(deps, c.var.authContext, c.req.valid('query').runId, 'read')
      return c.json(toClientRun(run), 200)
    })
    .delete('/', validQuery(runIdQuerySchema), async (c) => {
      const { runId } = c.req.valid('query')
      await loadAccessibleRun(deps, c.var.authContext, runId, 'delete')
      await deps.durably.deleteRun(runId)
      return c.json({ success: true as const }, 200)
    })
    .use('/', allowOnly('GET', 'DELETE'))
}
