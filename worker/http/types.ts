// Public types of the HTTP handler: auth hooks, options, and the request/response shapes of the durably protocol.
import type { Hono } from 'hono'
import type { Disposition, DurableWait, Labels, Run, RunFilter, TriggerOptions } from '../engine/types'
import type { PurgeOptions } from '../engine/retention/purge-options'
import type { z } from 'zod'
import type { OpenApiOptions } from './openapi/document'
import type { triggerResponseSchema } from './schemas/responses'

/** What a caller is about to do with a run; `onRunAccess` receives it to decide. */
export type RunOperation = 'read' | 'subscribe' | 'steps' | 'logs' | 'retrigger' | 'cancel' | 'delete' | 'waits' | 'signal'

/** What a caller is about to do with a schedule; `onScheduleAccess` receives it to decide. */
export type ScheduleOperation = 'read' | 'create' | 'pause' | 'resume' | 'delete'

/** The schedule an operation is about: a stored one, or the one a create asks for (no id yet). */
export interface ScheduleTarget {
  id?: string
  jobName: string
  cron: string
  timezone: string
  input: unknown
}

/** The filter of the runs feed: only what a subscription can match on. */
export type RunsSubscribeFilter<TLabels extends Labels = Labels> = Pick<RunFilter<TLabels>, 'jobName' | 'labels'>

/** Body of `POST /trigger`: the job, its input and the trigger options. */
export interface TriggerRequest<TLabels extends Labels = Labels> extends TriggerOptions<TLabels> {
  jobName: string
  input: unknown
}

/** The answer to a trigger: the run's id, whether it was created, found by its idempotency key or coalesced, and its status. */
export type TriggerResponse = z.output<typeof triggerResponseSchema>

type MaybePromise<T> = T | Promise<T>

/**
 * Who may do what. `authenticate` runs on every request, SSE included: returning `null`/`undefined` answers 401,
 * throwing a `Response` answers with that response. The other hooks deny by throwing: a `Response` is sent as is,
 * an engine error (`NotFoundError`, …) keeps its status, anything else answers 403. To hide that a run exists
 * from a caller who may not see it, throw `new NotFoundError('Run not found')` from `onRunAccess`.
 */
export interface AuthConfig<TContext, TLabels extends Labels = Labels> {
  /** Identifies the caller; the context it returns is handed to every other hook. */
  authenticate: (request: Request) => MaybePromise<TContext | null | undefined>
  /** Guards `POST /trigger`; runs after the body and the job's input passed validation. */
  onTrigger?: (ctx: TContext, trigger: TriggerRequest<TLabels>) => MaybePromise<void>
  /** Guards every operation on one run; the run is loaded first. Returning `false` denies (403). */
  onRunAccess?: (ctx: TContext, run: Run<TLabels>, info: { operation: RunOperation }) => MaybePromise<void | boolean>
  /**
   * Guards schedules: 'create' (before the engine checks it), 'pause', 'resume', 'delete', and 'read' (a schedule
   * denied 'read' is left out of `GET /schedules`). Each fire of a schedule triggers its job without `onTrigger`.
   */
  onScheduleAccess?: (ctx: TContext, schedule: ScheduleTarget, info: { operation: ScheduleOperation }) => MaybePromise<void | boolean>
  /**
   * Checks a signal before it is stored (`POST /signal`, after `onRunAccess` allowed 'signal'): refuse a payload the
   * application does not accept by throwing (a `Response`, an engine error, or anything else for 403) or returning false.
   */
  onSignal?: (ctx: TContext, run: Run<TLabels>, wait: DurableWait, signal: { signalId: string; payload: unknown }) => MaybePromise<void | boolean>
  /**
   * Guards `POST /events` (operation 'send') and `GET /events` ('read'): events wake runs of every caller. When `auth`
   * is given without this hook, both answer 403.
   */
  onEvent?: (ctx: TContext, event: { operation: 'send' | 'read'; name?: string }) => MaybePromise<void | boolean>
  /** Narrows `GET /runs` (for example to the caller's own label). */
  scopeRuns?: (ctx: TContext, filter: RunFilter<TLabels>) => MaybePromise<RunFilter<TLabels>>
  /**
   * Guards `POST /runs/purge`, which deletes finished runs of every caller. Returning `false` denies (403). When
   * `auth` is given without this hook, purge answers 403: an app with callers of its own decides who may purge.
   */
  onPurge?: (ctx: TContext, purge: PurgeOptions) => MaybePromise<void | boolean>
  /** Narrows `GET /runs/subscribe`; falls back to `scopeRuns` when absent. */
  scopeRunsSubscribe?: (
    ctx: TContext,
    filter: RunsSubscribeFilter<TLabels>,
  ) => MaybePromise<RunsSubscribeFilter<TLabels>>
}

export interface CreateDurablyHandlerOptions<TContext = unknown, TLabels extends Labels = Labels> {
  /** Auth hooks; without them every endpoint is open. */
  auth?: AuthConfig<TContext, TLabels>
  /** Called on every request after authentication, before routing (for example to warm something up). */
  onRequest?: () => MaybePromise<void>
  /** Minimum interval between progress events on SSE streams. @default 100 */
  sseThrottleMs?: number
  /** Largest accepted request body in bytes. @default 1 MiB */
  maxBodyBytes?: number
  /** Largest accepted serialized trigger input in bytes (a D1 row holds about 1 MB). @default 900 KB */
  maxInputBytes?: number
  /** Title, mount point and security of the document served at `GET /openapi.json`. */
  openApi?: OpenApiOptions
}

/** The handler: a Hono sub-app to mount, and a framework-free entry point. */
// biome-ignore lint: any accepts every chained sub-app type
export interface DurablyHandler<TApp extends Hono<any, any, any> = Hono<any, any, any>> {
  /** Routes relative to the mount point; mount with `app.route('/api/durably', handler.app)`. */
  readonly app: TApp
  /** Serves a request whose path starts with `basePath` (for example `/api/durably`). */
  handle(request: Request, basePath: string): Promise<Response>
}
