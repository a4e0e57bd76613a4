// GET /subscribe: the SSE stream of one run, resumed after `Last-Event-ID` (header or `lastEventId` parameter).
import { Hono } from 'hono'
import { invalidFields } from '../../engine/trigger/field-issues'
import type { HandlerDeps, HandlerEnv } from '../deps'
import { allowOnly } from '../method-not-allowed'
import { loadAccessibleRun } from '../run-access'
import { subscribeQuerySchema } from '../schemas/requests'
import { validQuery } from '../validate'

/** The `Last-Event-ID` header as a sequence number; our event ids are non-negative integers. */
function lastEventIdHeader(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined
  if (!/^\d{1,15}$/.test(value.trim())) {
    throw invalidFields('header', [{ path: 'Last-Event-ID', message: 'must be a non-negative integer' }])
  }
  return Number(value.trim())
}

export function subscribeRoutes(deps: HandlerDeps) {
  return new Hono<HandlerEnv>()
    .get('/', validQuery(subscribeQuerySchema), async (c) => {
      const { runId, lastEventId: fromQuery, snapshot } = c.req.valid('query')
      const lastEventId = lastEventIdHeader(c.req.header('Last-Event-ID')) ?? fromQuery
      // Without an access hook the run's shard answers 404 for an unknown run itself: no D1 read on this path.
      if (deps.auth?.onRunAccess) await loadAccessibleRun(deps, c.var.authContext, runId, 'subscribe')
      return deps.durably.openRunStream(runId, { lastEventId, throttleMs: deps.throttleMs, snapshot: snapshot !== undefined })
    })
    .use('/', allowOnly('GET'))
}
