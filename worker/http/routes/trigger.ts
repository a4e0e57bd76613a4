// POST /trigger: validates the body and the job's input, asks onTrigger, then starts (or reuses) a run (JSON or SSE);
// POST /trigger/batch does the same for many runs in one request.
import { Hono } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { HandlerEnv, HandlerDeps } from '../deps'
import { allowOnly } from '../method-not-allowed'
import { triggerBatchBodySchema, triggerBodySchema, type TriggerBody } from '../schemas/requests'
import { triggerBatch, triggerJob } from '../trigger-job'
import { limitBody, validJson } from '../validate'

/** `Accept: text/event-stream` answers with the new run's event stream: trigger and follow in one round trip. */
function streamWhenAsked(deps: HandlerDeps) {
  return createMiddleware<HandlerEnv>(async (c, next) => {
    if (!c.req.header('Accept')?.includes('text/event-stream')) return next()
    // The body validated by `validJson` before this middleware (kept out of the route's types on purpose).
    const body = (c.req as unknown as { valid(target: 'json'): TriggerBody }).valid('json')
    const result = await triggerJob(deps, c.var.authContext, body)
    const stream = await deps.durably.openRunStream(result.runId, { throttleMs: deps.throttleMs })
    const headers = new Headers(stream.headers)
    headers.set('X-Run-Id', result.runId)
    headers.set('X-Disposition', result.disposition)
    headers.set('X-Run-Status', result.status)
    return new Response(stream.body, { status: stream.status, headers })
  })
}

export function triggerRoutes(deps: HandlerDeps) {
  return new Hono<HandlerEnv>()
    .post('/', limitBody(deps.maxBodyBytes), validJson(triggerBodySchema), streamWhenAsked(deps), async (c) => {
      const result = await triggerJob(deps, c.var.authContext, c.req.valid('json'))
      return c.json(result, 200)
    })
    .post('/batch', limitBody(deps.maxBodyBytes), validJson(triggerBatchBodySchema), async (c) => {
      const runs = await triggerBatch(deps, c.var.authContext, c.req.valid('json'))
      return c.json({ runs }, 200)
    })
    .use('/', allowOnly('POST'))
    .use('/batch', allowOnly('POST'))
}
