// Middleware that runs `authenticate` (then `onRequest`) on every request: no context means 401, whatever the endpoint.
import type { MiddlewareHandler } from 'hono'
import type { HandlerDeps, HandlerEnv } from './deps'
import { ResponseThrown, UnauthorizedError } from './errors'

export function authenticateRequests(deps: HandlerDeps): MiddlewareHandler<HandlerEnv> {
  return async (c, next) => {
    const authenticate = deps.auth?.authenticate
    if (!authenticate) {
      await deps.onRequest?.()
      return next()
    }
    let context: unknown
    try {
      context = await authenticate(c.req.raw)
    } catch (error) {
      if (error instanceof Response) throw new ResponseThrown(error)
      throw new UnauthorizedError(error instanceof Error && error.message ? error.message : 'Unauthorized')
    }
    if (context === null || context === undefined) throw new UnauthorizedError()
    c.set('authContext', context)
    await deps.onRequest?.()
    await next()
  }
}
