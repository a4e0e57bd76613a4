// The HTTP layer's public surface: durably handler, auth helpers, the Stepflare API app and its sign-in throttle.
export { createDurablyHandler, type DurablyRoutes } from './handler'
export { createApiApp, API_BASE_PATH } from './api-app'
export { bearerTokenAuth, type ServiceContext } from './access/bearer-token-auth'
export { SESSION_COOKIE } from './access/session-cookie'
export { SESSION_LIFETIME_SECONDS } from './access/limits'
export { SignInThrottle } from './access/sign-in-throttle'
export { toClientRun } from '../engine/protocol/client-run'
export { ForbiddenError, UnauthorizedError } from './errors'
export type {
  AuthConfig,
  CreateDurablyHandlerOptions,
  DurablyHandler,
  RunOperation,
  RunsSubscribeFilter,
  TriggerRequest,
  TriggerResponse,
} from './types'
