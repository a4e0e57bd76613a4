// The durably HTTP API through hc<AppType>: paths, parameters and answers typed by the server's routes.
import { createApiRoutes } from './api-routes'
import type { AuthStore } from './auth-store'
import { createEventApi } from './event-api'
import { createScheduleApi } from './schedule-api'
import { createWaitApi } from './wait-api'
import type { Attempt, ClientRun, LogEntry, RunsQuery, Step, TriggerOptions, TriggerResponse } from './types'

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export interface RunsPage {
  runs: ClientRun[]
  total: number | null
}

/** An answer as `hc` hands it over; only what checking and reading it needs. */
interface Answer<T> {
  ok: boolean
  status: number
  statusText: string
  headers: Headers
  json(): Promise<T>
}

export type Api = ReturnType<typeof createApi>

const LOG_PAGE = 500
const MAX_LOG_PAGES = 20

export function createApi(base: string, auth: AuthStore) {
  const routes = createApiRoutes(base)

  async function send<T>(pending: Promise<Answer<T>>): Promise<Answer<T>> {
    const response = await pending
    if (response.status === 401) auth.markRequired()
    if (!response.ok) throw await toApiError(response)
    return response
  }
  const json = async <T>(pending: Promise<Answer<T>>): Promise<T> => (await send(pending)).json()
  const done = async (pending: Promise<Answer<unknown>>): Promise<void> => void (await send(pending))

  return {
    /** Cron schedules: list, create, pause, resume, delete. */
    schedules: createScheduleApi(routes, json),
    /** A run's durable waits, and answering one (a signal). */
    waits: createWaitApi(routes, json),
    /** Events sent to waiting runs: the newest ones, and sending one. */
    events: createEventApi(routes, json),
    /**
     * Where a run's event stream is read (EventSource), resumed after `lastEventId` when given. `snapshot=1`: this
     * client reads `run:snapshot` (and fetches the logs it wants), so the server replays no stored events.
     */
    subscribeUrl(runId: string, lastEventId?: number): string {
      const query = lastEventId ? { runId, lastEventId: String(lastEventId), snapshot: '1' as const } : { runId, snapshot: '1' as const }
      return base + routes.subscribe.$path({ query })
    },
    /** Where the runs feed of a list's filters is read (EventSource); status is not a feed filter. */
    runsFeedUrl(query: RunsQuery): string {
      return base + routes.runs.subscribe.$path({ query: { ...jobNameParam(query), ...labelParams(query) } })
    },
    trigger: (jobName: string, input: unknown, options: TriggerOptions = {}): Promise<TriggerResponse> =>
      json(
        routes.trigger.$post({
          json: { jobName, input, ...options, runAt: options.runAt instanceof Date ? options.runAt.toISOString() : options.runAt },
        }),
      ),
    async getRuns(query: RunsQuery, limit: number, offset: number): Promise<RunsPage> {
      const response = await send(
        routes.runs.$get({
          query: {
            ...jobNameParam(query),
            ...(query.status === undefined ? {} : { status: query.status }),
            ...labelParams(query),
            limit: String(limit),
            offset: String(offset),
          },
        }),
      )
      const total = response.headers.get('X-Total-Count')
      return { runs: await response.json(), total: total === null ? null : Number(total) }
    },
    async getRun(runId: string): Promise<ClientRun | null> {
      try {
        return await json(routes.run.$get({ query: { runId } }))
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null
        throw error
      }
    },
    getSteps: (runId: string): Promise<Step[]> => json(routes.steps.$get({ query: { runId } })),
    getAttempts: (runId: string): Promise<Attempt[]> => json(routes.attempts.$get({ query: { runId } })),
    getLogs: (runId: string) => fetchAllLogs(runId),
    /** A fresh run of a finished one; from step `fromStep` (earlier steps copied) and with another input when given. */
    retrigger: (runId: string, options: { fromStep?: number; input?: unknown } = {}) =>
      json(
        routes.retrigger.$post({
          query: options.fromStep === undefined ? { runId } : { runId, fromStep: String(options.fromStep) },
          json: options.input === undefined ? {} : { input: options.input },
        }),
      ),
    cancel: (runId: string) => done(routes.cancel.$post({ query: { runId } })),
    deleteRun: (runId: string) => done(routes.run.$delete({ query: { runId } })),
    signIn: (token: string) => done(routes.session.$post({ json: { token } })),
    getSession: () => json(routes.session.$get()),
    signOut: () => done(routes.session.$delete()),
    openApi: () => json(routes['openapi.json'].$get()),
  }

  /** Stored log history, paged with `after` (bounded to MAX_LOG_PAGES pages). */
  async function fetchAllLogs(runId: string): Promise<LogEntry[]> {
    const all: LogEntry[] = []
    let after = 0
    for (let page = 0; page < MAX_LOG_PAGES; page++) {
      const query = { runId, after: String(after), limit: String(LOG_PAGE) }
      const logs = await json(routes.logs.$get({ query }))
      all.push(...logs.map(({ createdAt, ...log }) => ({ ...log, timestamp: createdAt })))
      if (logs.length < LOG_PAGE) break
      after = logs[logs.length - 1]?.sequence ?? after
    }
    return all
  }
}

/** A list filter's job name(s), repeated as `jobName` parameters (absent, not undefined: the query takes any key). */
function jobNameParam(query: RunsQuery): { jobName?: string | string[] } {
  return query.jobName === undefined ? {} : { jobName: query.jobName }
}

/** A list filter's labels as `label.<key>=value` query parameters. */
function labelParams(query: RunsQuery): Record<string, string> {
  return Object.fromEntries(Object.entries(query.labels ?? {}).map(([key, value]) => [`label.${key}`, value]))
}

async function toApiError(response: Answer<unknown>): Promise<ApiError> {
  let message = `Request failed (${response.status} ${response.statusText})`
  let issues: { path: string; message: string }[] = []
  try {
    const body = (await response.json()) as { error?: unknown; issues?: unknown }
    if (typeof body.error === 'string' && body.error) message = body.error
    if (Array.isArray(body.issues)) issues = body.issues as typeof issues
  } catch {
    // not JSON: keep the status line
  }
  return new ApiError(message, response.status, issues)
}
