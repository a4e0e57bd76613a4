// GET /waits and GET /wait (a run's durable waits) and POST /signal (the result a run waits for), each checked
// against the run it names: a wait id alone grants nothing.
import { Hono } from 'hono'
import { NotFoundError } from '../../engine/errors'
import type { HandlerDeps, HandlerEnv } from '../deps'
import { ForbiddenError } from '../errors'
import { guard } from '../guard'
import { allowOnly } from '../method-not-allowed'
import { loadAccessibleRun } from '../run-access'
import { runIdQuerySchema, signalBodySchema, waitQuerySchema } from '../schemas/requests'
import { limitBody, validJson, validQuery } from '../validate'

/**
 * The run a wait route names, checked by `onRunAccess`. A handler with auth hooks must have that hook for these routes
 * (a wait id is an address, not a permission): without it they answer 403.
 */
function loadWaitRun(deps: HandlerDeps, ctx: unknown, runId: string, operation: 'waits' | 'signal') {
  if (deps.auth && !deps.auth.onRunAccess) throw new ForbiddenError('Wait routes need an onRunAccess auth hook')
  return loadAccessibleRun(deps, ctx, runId, operation)
}

export function waitRoutes(deps: HandlerDeps) {
  return new Hono<HandlerEnv>()
    .get('/waits', validQuery(runIdQuerySchema), async (c) => {
      const { runId } = c.req.valid('query')
      await loadWaitRun(deps, c.var.authContext, runId, 'waits')
      return c.json(await deps.durably.getWaits(runId), 200)
    })
    .use('/waits', allowOnly('GET'))
    .get('/wait', validQuery(waitQuerySchema), async (c) => {
      const { runId, waitId } = c.req.valid('query')
      await loadWaitRun(deps, c.var.authContext, runId, 'waits')
      const wait = await deps.durably.getWait(waitId)
      if (!wait || wait.runId !== runId) throw new NotFoundError(`Wait not found in run ${runId}: ${waitId}`)
      return c.json(wait, 200)
    })
    .use('/wait', allowOnly('GET'))
    .post('/signal', validQuery(waitQuerySchema), limitBody(deps.maxBodyBytes), validJson(signalBodySchema), async (c) => {
      const { runId, waitId } = c.req.valid('query')
      const { signalId, payload } = c.req.valid('json')
      const run = await loadWaitRun(deps, c.var.authContext, runId, 'signal')
      const onSignal = deps.auth?.onSignal
      if (onSignal) {
        const wait = await deps.durably.getWait(waitId)
        if (!wait || wait.runId !== runId) throw new NotFoundError(`Wait not found in run ${runId}: ${waitId}`)
        const verdict = await guard(() => onSignal(c.var.authContext, run, wait, { signalId, payload }))
        if (verdict === false) throw new ForbiddenError()
      }
      return c.json(await deps.durably.deliverSignal(runId, waitId, { signalId, payload }), 200)
    })
    .use('/signal', allowOnly('POST'))
}
