// The Stepflare API app: the durably handler at /api/durably behind the token/session policy, plus /session.
import { Hono } from 'hono'
import type { AnyDurably } from '../engine/types'
import { type AccessEnv, requireApiAccess } from './access/api-access'
import { SESSION_LIFETIME_SECONDS } from './access/limits'
import { SESSION_COOKIE } from './access/session-cookie'
import { sessionRoutes } from './access/session-routes'
import { errorToResponse } from './errors'
import { createDurablyHandler } from './handler'
import type { OpenApiOptions } from './openapi/document'
import { SESSION_ENDPOINTS } from './openapi/endpoints'

export const API_BASE_PATH = '/api/durably'

const API_SECURITY: OpenApiOptions['security'] = {
  schemes: {
    bearerToken: { type: 'http', scheme: 'bearer', description: 'The STEPFLARE_API_TOKEN secret' },
    sessionCookie: {
      type: 'apiKey',
      in: 'cookie',
      name: SESSION_COOKIE,
      description:
        `Set by POST /session; ends at DELETE /session, ${SESSION_LIFETIME_SECONDS / 86_400} days after sign-in, ` +
        'or when the API token changes',
    },
  },
  requirement: [{ bearerToken: [] }, { sessionCookie: [] }],
}

/**
 * The Worker's API for `durably`. With STEPFLARE_API_TOKEN set, requests need `Authorization: Bearer <token>` or the
 * session cookie from `POST /api/durably/session`; without it the API answers 401 unless STEPFLARE_OPEN_ACCESS is 'true'.
 */
export function createApiApp(durably: AnyDurably) {
  const handler = createDurablyHandler(durably, {
    openApi: { title: 'Stepflare API', serverUrl: API_BASE_PATH, security: API_SECURITY, extraEndpoints: SESSION_ENDPOINTS },
  })
  return new Hono<{ Bindings: AccessEnv }>()
    .onError((error) => errorToResponse(error))
    .route(`${API_BASE_PATH}/session`, sessionRoutes(API_BASE_PATH))
    .use(`${API_BASE_PATH}/*`, requireApiAccess)
    .route(API_BASE_PATH, handler.app)
}
