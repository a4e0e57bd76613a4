// /session: tells the UI whether sign-in is needed, exchanges the API token for a session cookie, signs out.
import type { Context } from 'hono'
import { Hono } from 'hono'
import { UnauthorizedError } from '../errors'
import { allowOnly } from '../method-not-allowed'
import { sessionBodySchema } from '../schemas/requests'
import { limitBody, validJson } from '../validate'
import { accessEnv, signInThrottle } from './access-env'
import { accessState, TOKEN_NOT_CONFIGURED } from './api-access'
import { clientOf } from './client-address'
import { secretsEqual } from './secrets'
import { endSession, startSession } from './session-cookie'

const MAX_SESSION_BODY_BYTES = 4096

/** What GET, POST and DELETE /session answer: the access state of the request. */
async function sessionState(c: Context) {
  const { authenticated, configured, required } = await accessState(c)
  return { authenticated, configured, required }
}

/** "30 seconds", "15 minutes": how long a throttled client waits, for people. */
function waitText(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`
  return `${Math.ceil(seconds / 60)} minutes`
}

/** Routes to mount at `<basePath>/session`; the cookie is scoped to `basePath`. */
export function sessionRoutes(basePath: string) {
  return new Hono()
    .get('/', async (c) => c.json(await sessionState(c), 200))
    .post('/', limitBody(MAX_SESSION_BODY_BYTES), validJson(sessionBodySchema), async (c) => {
      const env = accessEnv(c)
      const token = env.STEPFLARE_API_TOKEN
      if (!token) {
        const state = await sessionState(c)
        if (state.required) throw new UnauthorizedError(TOKEN_NOT_CONFIGURED)
        return c.json(state, 200)
      }
      const throttle = signInThrottle(env)
      const client = clientOf(c.req.raw)
      const verdict = await throttle.attempt(client)
      if (!verdict.allowed) {
        const error = `Too many failed sign-ins: try again in ${waitText(verdict.retryAfterSeconds)}`
        return c.json({ error }, 429, { 'Retry-After': String(verdict.retryAfterSeconds) })
      }
      if (!(await secretsEqual(c.req.valid('json').token, token))) throw new UnauthorizedError('Wrong token')
      await throttle.succeeded(client)
      await startSession(c, env, token, basePath)
      return c.json({ authenticated: true, configured: true, required: true }, 200)
    })
    .delete('/', async (c) => {
      await endSession(c, accessEnv(c), basePath)
      const { configured, required } = await sessionState(c)
      return c.json({ authenticated: !required, configured, required }, 200)
    })
    .use('/', allowOnly('GET', 'POST', 'DELETE'))
}
