// GET /runs (the list, newest first, total in X-Total-Count), GET /runs/subscribe (the SSE feed of list events) and
// POST /runs/purge (delete finished runs older than a time).
import { Hono } from 'hono'
import { toClientRun } from '../../engine/protocol/client-run'
import type { HandlerDeps, HandlerEnv } from '../deps'
import { feedFilterFromQuery, runFilterFromQuery, scopeFeedFilter, scopeRunFilter } from '../filters'
import { allowOnly } from '../method-not-allowed'
import { checkPurgeAccess } from '../purge-access'
import { purgeBodySchema, runsQuerySchema, runsSubscribeQuerySchema } from '../schemas/requests'
import { limitBody, validJson, validQuery } from '../validate'

export function runsRoutes(deps: HandlerDeps) {
  return new Hono<HandlerEnv>()
    .get('/', validQuery(runsQuerySchema), async (c) => {
      const filter = await scopeRunFilter(deps, c.var.authContext, runFilterFromQuery(c.req.valid('query')))
      const { limit: _limit, offset: _offset, ...matching } = filter
      const [runs, total] = await Promise.all([deps.durably.getRuns(filter), deps.durably.countRuns(matching)])
      c.header('X-Total-Count', String(total))
      return c.json(runs.map(toClientRun), 200)
    })
    .use('/', allowOnly('GET'))
    .get('/subscribe', validQuery(runsSubscribeQuerySchema), async (c) => {
      const filter = await scopeFeedFilter(deps, c.var.authContext, feedFilterFromQuery(c.req.valid('query')))
      return deps.durably.openRunsFeed(filter, { throttleMs: deps.throttleMs })
    })
    .use('/subscribe', allowOnly('GET'))
    .post('/purge', limitBody(deps.maxBodyBytes), validJson(purgeBodySchema), async (c) => {
      const { olderThan, limit } = c.req.valid('json')
      const purge = limit === null || limit === undefined ? { olderThan } : { olderThan, limit }
      await checkPurgeAccess(deps, c.var.authContext, purge)
      const { deleted, more } = await deps.durably.purgeRuns(purge)
      return c.json({ deleted, more }, 200)
    })
    .use('/purge', allowOnly('POST'))
}
