// Stepflare's access policy: a bearer token or a session cookie when a token is configured, else open only on request.
import type { Context, MiddlewareHandler } from 'hono'
import { UnauthorizedError } from '../errors'
import { accessEnv } from './access-env'
import { bearerToken, secretsEqual } from './secrets'
import { hasValidSession } from './session-cookie'

export { type AccessEnv, accessEnv } from './access-env'

export interface AccessState {
  /** Whether a token is configured at all. */
  configured: boolean
  /** Whether requests need credentials. */
  required: boolean
  /** Whether this request may use the API. */
  authenticated: boolean
}

export const TOKEN_NOT_CONFIGURED = 'API token not configured: set STEPFLARE_API_TOKEN'

/** Who this request is: a bearer token, when present, decides; otherwise the session cookie does. */
export async function accessState(c: Context): Promise<AccessState> {
  const env = accessEnv(c)
  const token = env.STEPFLARE_API_TOKEN
  if (!token) {
    const open = env.STEPFLARE_OPEN_ACCESS === 'true'
    return { configured: false, required: !open, authenticated: open }
  }
  const given = bearerToken(c.req.raw)
  const authenticated = given !== undefined ? await secretsEqual(given, token) : await hasValidSession(c, env, token)
  return { configured: true, required: true, authenticated }
}

/** Answers 401 to every request the policy does not let through. */
export const requireApiAccess: MiddlewareHandler = async (c, next) => {
  const state = await accessState(c)
  if (!state.configured && state.required) throw new UnauthorizedError(TOKEN_NOT_CONFIGURED)
  if (!state.authenticated) {
    c.header('WWW-Authenticate', 'Bearer')
    throw new UnauthorizedError('Unauthorized: send Authorization: Bearer <token> or sign in')
  }
  await next()
}
