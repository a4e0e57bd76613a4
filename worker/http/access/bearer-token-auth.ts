// Built-in auth for other services: `Authorization: Bearer <token>` checked against a Worker secret.
import type { AuthConfig } from '../types'
import { bearerToken, secretsEqual } from './secrets'

export interface ServiceContext {
  kind: 'service'
}

/**
 * Auth hooks that accept requests carrying the expected bearer token (compared in constant time) and answer 401
 * to every other request. `token` may be a function, to read a secret that is only known per request.
 *
 * @example
 * ```ts
 * import { env } from 'cloudflare:workers'
 * const handler = createDurablyHandler(durably, { auth: bearerTokenAuth(() => env.STEPFLARE_API_TOKEN) })
 * ```
 */
export function bearerTokenAuth(token: string | (() => string | undefined)): AuthConfig<ServiceContext> {
  const expectedToken = typeof token === 'function' ? token : () => token
  return {
    async authenticate(request) {
      const expected = expectedToken()
      const given = bearerToken(request)
      if (!expected || !given) return null
      return (await secretsEqual(given, expected)) ? { kind: 'service' } : null
    },
  }
}
