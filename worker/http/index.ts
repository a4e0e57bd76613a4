// The HTTP layer's public surface: the durably handler, its auth helpers and the Stepflare API app.
export { createDurablyHandler, type DurablyRoutes } from './handler'
export { createApiApp, API_BASE_PATH } from './api-app'
export { bearerTokenAuth, type ServiceContext } from './access/bearer-token-auth'
export { SESSION_COOKIE } from './access/session-cookie'
export { toClientRun } from './client-run'
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
