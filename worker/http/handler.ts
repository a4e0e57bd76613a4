// createDurablyHandler: the durably HTTP protocol as a chained Hono sub-app, plus a framework-free `handle`.
import { Hono } from 'hono'
import type { AnyDurably } from '../engine/types'
import { authenticateRequests } from './authenticate'
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_INPUT_BYTES, DEFAULT_THROTTLE_MS } from './defaults'
import type { HandlerDeps, HandlerEnv } from './deps'
import { errorToResponse } from './errors'
import { unknownPath } from './method-not-allowed'
import { logsRoutes } from './routes/logs'
import { openApiRoutes } from './routes/openapi'
import { runRoutes } from './routes/run'
import { runActionRoutes } from './routes/run-actions'
import { runsRoutes } from './routes/runs'
import { scheduleRoutes } from './routes/schedules'
import { stepsRoutes } from './routes/steps'
import { attemptsRoutes } from './routes/attempts'
import { waitRoutes } from './routes/waits'
import { eventRoutes } from './routes/events'
import { subscribeRoutes } from './routes/subscribe'
import { triggerRoutes } from './routes/trigger'
import type { AuthConfig, CreateDurablyHandlerOptions } from './types'

function handlerDeps<TContext>(durably: AnyDurably, options: CreateDurablyHandlerOptions<TContext>): HandlerDeps {
  if (options.auth && typeof options.auth.authenticate !== 'function') {
    throw new Error('createDurablyHandler: auth.authenticate is required when auth is provided')
  }
  return {
    durably,
    auth: options.auth as AuthConfig<unknown> | undefined,
    onRequest: options.onRequest,
    throttleMs: options.sseThrottleMs ?? DEFAULT_THROTTLE_MS,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    maxInputBytes: options.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES,
  }
}

function durablyRoutes(deps: HandlerDeps, options: CreateDurablyHandlerOptions<unknown>) {
  return new Hono<HandlerEnv>()
    .onError((error) => errorToResponse(error))
    .use(authenticateRequests(deps))
    .route('/trigger', triggerRoutes(deps))
    .route('/runs', runsRoutes(deps))
    .route('/run', runRoutes(deps))
    .route('/steps', stepsRoutes(deps))
    .route('/attempts', attemptsRoutes(deps))
    .route('/', waitRoutes(deps))
    .route('/events', eventRoutes(deps))
    .route('/logs', logsRoutes(deps))
    .route('/', runActionRoutes(deps))
    .route('/subscribe', subscribeRoutes(deps))
    .route('/schedules', scheduleRoutes(deps))
    .route('/openapi.json', openApiRoutes(deps, options.openApi))
    .use(unknownPath)
}

export type DurablyRoutes = ReturnType<typeof durablyRoutes>

/** Serves requests under any base path by mounting the routes there (one mount per base path, kept). */
function createHandle(routes: DurablyRoutes) {
  const mounts = new Map<string, Hono>()
  return async (request: Request, basePath: string): Promise<Response> => {
    const base = basePath.replace(/\/+$/, '') || '/'
    let mounted = mounts.get(base)
    if (!mounted) {
      mounted = new Hono().route(base, routes)
      mounts.set(base, mounted)
    }
    return mounted.fetch(request)
  }
}

/**
 * The durably HTTP endpoints (trigger, runs, runs/purge, run, steps, logs, retrigger, cancel, subscribe, runs/subscribe,
 * openapi.json) for `durably`.
 *
 * @example
 * ```ts
 * const handler = createDurablyHandler(durably, { auth: bearerTokenAuth(() => env.STEPFLARE_API_TOKEN) })
 * const app = new Hono().route('/api/durably', handler.app)
 * // or, in any framework: handler.handle(request, '/api/durably')
 * ```
 */
export function createDurablyHandler<TContext = unknown>(
  durably: AnyDurably,
  options: CreateDurablyHandlerOptions<TContext> = {},
) {
  const deps = handlerDeps(durably, options)
  const app = durablyRoutes(deps, options as CreateDurablyHandlerOptions<unknown>)
  return { app, handle: createHandle(app) }
}
