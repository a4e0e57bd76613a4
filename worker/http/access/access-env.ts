// The Worker variables and bindings the access policy reads: the token settings, D1 (sessions), the sign-in throttle.
import { env as workerEnv } from 'cloudflare:workers'
import type { Context } from 'hono'
import type { SignInThrottle } from './sign-in-throttle'

export interface AccessEnv {
  /** The API token (a Worker secret). When set, every request needs it as a bearer token or a session cookie. */
  STEPFLARE_API_TOKEN?: string
  /** 'true' opens the API when no token is set (local development). Anything else keeps it closed. */
  STEPFLARE_OPEN_ACCESS?: string
  /** The D1 database; its `sessions` table holds the browser sessions. */
  DB?: D1Database
  /** The sign-in throttle (one object for the whole Worker). */
  SIGN_IN_THROTTLE?: DurableObjectNamespace<SignInThrottle>
}

/** The variables of this request: Hono's `c.env`, or the Worker's `env` when the app was called without one. */
export function accessEnv(c: Context): AccessEnv {
  return (c.env as AccessEnv | undefined) ?? (workerEnv as AccessEnv)
}

/** The database that holds sessions; a Worker without the binding is misconfigured. */
export function sessionDb(env: AccessEnv): D1Database {
  if (!env.DB) throw new Error('The D1 binding DB is missing: sessions cannot be kept')
  return env.DB
}

/** The one throttle object that counts failed sign-ins of every client. */
export function signInThrottle(env: AccessEnv): DurableObjectStub<SignInThrottle> {
  const namespace = env.SIGN_IN_THROTTLE
  if (!namespace) throw new Error('The Durable Object binding SIGN_IN_THROTTLE is missing: sign-in cannot be throttled')
  return namespace.get(namespace.idFromName('sign-in'))
}
