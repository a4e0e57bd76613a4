// Fallbacks for requests no route answers: a known path with the wrong method (405) or an unknown path (404).
import type { MiddlewareHandler } from 'hono'
import { jsonError } from './errors'

/** Put after a path's routes: any other method gets 405 with the `Allow` header listing `methods`. */
export function allowOnly(...methods: string[]): MiddlewareHandler {
  const allow = methods.includes('GET') ? [...methods, 'HEAD'] : methods
  return async (c) =>
    jsonError(`Method ${c.req.method} is not allowed on this path`, 405, { headers: { Allow: allow.join(', ') } })
}

/** Put last: every path no route matched gets a JSON 404. */
export const unknownPath: MiddlewareHandler = async (c) => jsonError(`Not found: ${c.req.method} ${c.req.path}`, 404)
