// POST /events (send an event to the runs waiting for it) and GET /events (the newest sent events and the runs they woke).
import { Hono } from 'hono'
import type { HandlerDeps, HandlerEnv } from '../deps'
import { ForbiddenError } from '../errors'
import { guard } from '../guard'
import { allowOnly } from '../method-not-allowed'
import { eventBodySchema, eventsQuerySchema } from '../schemas/requests'
import { limitBody, validJson, validQuery } from '../validate'

/** Events wake runs of every caller: with auth hooks, only an app's `onEvent` decides who may send or read them. */
async function checkEventAccess(deps: HandlerDeps, ctx: unknown, event: { operation: 'send' | 'read'; name?: string }): Promise<void> {
  if (!deps.auth) return
  const onEvent = deps.auth.onEvent
  if (!onEvent) throw new ForbiddenError('Events need an onEvent auth hook')
  if ((await guard(() => onEvent(ctx, event))) === false) throw new ForbiddenError()
}

export function eventRoutes(deps: HandlerDeps) {
  return new Hono<HandlerEnv>()
    .post('/', limitBody(deps.maxBodyBytes), validJson(eventBodySchema), async (c) => {
      const { name, payload, id } = c.req.valid('json')
      await checkEventAccess(deps, c.var.authContext, { operation: 'send', name })
      return c.json(await deps.durably.sendEvent(name, payload, id === undefined ? {} : { id }), 200)
    })
    .get('/', validQuery(eventsQuerySchema), async (c) => {
      const { name, limit } = c.req.valid('query')
      await checkEventAccess(deps, c.var.authContext, { operation: 'read', name })
      return c.json(await deps.durably.listEvents({ name, limit }), 200)
    })
    .use('/', allowOnly('GET', 'POST'))
}
