// Stepflare's access policy: a bearer token or a session cookie when a token is configured, else open only on request.
import { env as workerEnv } from 'cloudflare:workers'
import type { Context, MiddlewareHandler } from 'hono'
import { UnauthorizedError } from '../errors'
import { bearerToken, secretsEqual } from './secrets'
import { hasValidSession } from './session-cookie'

/** The Worker variables the policy reads. */
export interface AccessEnv {
  /** The API token (a Worker secret). When set, every request needs it as a bearer token or a session cookie. */
  STEPFLARE_API_TOKEN?: string
  /** 'true' opens the API when no token is set (local development). Anything else keeps it closed. */
  STEPFLARE_OPEN_ACCESS?: string
}

export interface AccessState {
  /** Whether a token is configured at all. */
  configured: boolean
  /** Whether requests need credentials. */
  required: boolean
  /** Whether this request may use the API. */
  authenticated: boolean
}

export const TOKEN_NOT_CONFIGURED = 'API token not configured: set STEPFLARE_API_TOKEN'

/** The variables of this request: Hono's `c.env`, or the Worker's `env` when the app was called without one. */
export function accessEnv(c: Context): AccessEnv {
  return (c.env as AccessEnv | undefined) ?? (workerEnv as AccessEnv)
}

/** Who this request is: a bearer token, when present, decides; otherwise the session cookie does. */
export async function accessState(c: Context): Promise<AccessState> {
  const env = accessEnv(c)
  const token = env.STEPFLARE_API_TOKEN
  if (!token) {
    const open = env.STEPFLARE_OPEN_ACCESS === 'true'
    return { configured: false, required: !open, authenticated: open }
  }
  const given = bearerToken(c.req.raw)
  const authenticated = given !== undefined ? await secretsEqual(given, token) : await hasValidSession(c, token)
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
