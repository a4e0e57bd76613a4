// POST /trigger: validates the body and the job's input, asks onTrigger, then starts (or reuses) a run.
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
      return c.json(result, 200)
    })
    .use('/', allowOnly('POST'))
}
