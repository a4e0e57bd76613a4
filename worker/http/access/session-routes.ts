// /session: tells the UI whether sign-in is needed, exchanges the API token for a session cookie, signs out.
import { Hono } from 'hono'
import { UnauthorizedError } from '../errors'
import { allowOnly } from '../method-not-allowed'
import { sessionBodySchema } from '../schemas/requests'
import { limitBody, validJson } from '../validate'
import { accessEnv, accessState, TOKEN_NOT_CONFIGURED } from './api-access'
import { secretsEqual } from './secrets'
import { endSession, startSession } from './session-cookie'

const MAX_SESSION_BODY_BYTES = 4096

/** Routes to mount at `<basePath>/session`; the cookie is scoped to `basePath`. */
export function sessionRoutes(basePath: string) {
  return new Hono()
    .get('/', async (c) => {
      const { authenticated, required } = await accessState(c)
      return c.json({ authenticated, required }, 200)
    })
    .post('/', limitBody(MAX_SESSION_BODY_BYTES), validJson(sessionBodySchema), async (c) => {
      const token = accessEnv(c).STEPFLARE_API_TOKEN
      if (!token) {
        const { authenticated, required } = await accessState(c)
        if (required) throw new UnauthorizedError(TOKEN_NOT_CONFIGURED)
        return c.json({ authenticated, required }, 200)
      }
      if (!(await secretsEqual(c.req.valid('json').token, token))) throw new UnauthorizedError('Wrong token')
      await startSession(c, token, basePath)
      return c.json({ authenticated: true, required: true }, 200)
    })
    .delete('/', async (c) => {
      endSession(c, basePath)
      const { required } = await accessState(c)
      return c.json({ authenticated: !required, required }, 200)
    })
    .use('/', allowOnly('GET', 'POST', 'DELETE'))
}
