// POST /trigger: validates the body and the job's input, asks onTrigger, then starts (or reuses) a run (JSON or SSE).
import { Hono } from 'hono'
import type { HandlerEnv, HandlerDeps } from '../deps'
import { allowOnly } from '../method-not-allowed'
import { triggerBodySchema } from '../schemas/requests'
import { triggerJob } from '../trigger-job'
import { limitBody, validJson } from '../validate'

export function triggerRoutes(deps: HandlerDeps) {
  return new Hono<HandlerEnv>()
    .post('/', limitBody(deps.maxBodyBytes), validJson(triggerBodySchema), async (c) => {
      const result = await triggerJob(deps, c.var.authContext, c.req.valid('json'))
      // `Accept: text/event-stream` answers with the new run's event stream: trigger and follow in one round trip.
      if (c.req.header('Accept')?.includes('text/event-stream')) {
        const stream = await deps.durably.openRunStream(result.runId, { throttleMs: deps.throttleMs })
        const headers = new Headers(stream.headers)
        headers.set('X-Run-Id', result.runId)
        headers.set('X-Disposition', result.disposition)
        return new Response(stream.body, { status: stream.status, headers })
      }
      return c.json(result, 200)
    })
    .use('/', allowOnly('POST'))
}
