// Typed fetch calls to the durably HTTP API; errors become ApiError, a 401 flags the auth store.
import type { AuthStore, SessionState } from './auth-store'
import type { ClientRun, LogEntry, RunsQuery, Step, TriggerOptions, TriggerResponse } from './types'
import type { Log } from '../../worker/engine/types'

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

export type Api = ReturnType<typeof createApi>

const LOG_PAGE = 500
const MAX_LOG_PAGES = 20

export function createApi(base: string, auth: AuthStore) {
  const url = (path: string, params?: URLSearchParams) => {
    const query = params?.toString()
    return `${base}${path}${query ? `?${query}` : ''}`
  }

  async function request(path: string, init?: RequestInit, params?: URLSearchParams): Promise<Response> {
    const response = await fetch(url(path, params), { credentials: 'same-origin', ...init })
    if (response.status === 401) auth.markRequired()
    if (!response.ok) throw await toApiError(response)
    return response
  }

  const json = async <T>(path: string, init?: RequestInit, params?: URLSearchParams): Promise<T> =>
    (await (await request(path, init, params)).json()) as T

  const byRunId = (runId: string) => new URLSearchParams({ runId })
  const postJson = (body: unknown): RequestInit => ({
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })

  return {
    url,
    trigger: (jobName: string, input: unknown, options: TriggerOptions = {}) =>
      json<TriggerResponse>('/trigger', postJson({ jobName, input, ...options })),
    async getRuns(query: RunsQuery, limit: number, offset: number): Promise<RunsPage> {
      const params = runsParams(query)
      params.set('limit', String(limit))
      params.set('offset', String(offset))
      const response = await request('/runs', undefined, params)
      const total = response.headers.get('X-Total-Count')
      return { runs: (await response.json()) as ClientRun[], total: total === null ? null : Number(total) }
    },
    async getRun(runId: string): Promise<ClientRun | null> {
      try {
        return await json<ClientRun>('/run', undefined, byRunId(runId))
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null
        throw error
      }
    },
    getSteps: (runId: string) => json<Step[]>('/steps', undefined, byRunId(runId)),
    getLogs: (runId: string) => fetchAllLogs(runId),
    retrigger: (runId: string) => json<{ runId: string }>('/retrigger', { method: 'POST' }, byRunId(runId)),
    cancel: (runId: string) => json<unknown>('/cancel', { method: 'POST' }, byRunId(runId)),
    deleteRun: (runId: string) => json<unknown>('/run', { method: 'DELETE' }, byRunId(runId)),
    signIn: (token: string) => request('/session', postJson({ token })).then(() => undefined),
    getSession: () => json<SessionState>('/session'),
    signOut: () => request('/session', { method: 'DELETE' }).then(() => undefined),
    openApi: () => json<unknown>('/openapi.json'),
  }

  /** Stored log history, paged with `after` (bounded to MAX_LOG_PAGES pages). */
  async function fetchAllLogs(runId: string): Promise<LogEntry[]> {
    const all: LogEntry[] = []
    let after = 0
    for (let page = 0; page < MAX_LOG_PAGES; page++) {
      const params = new URLSearchParams({ runId, after: String(after), limit: String(LOG_PAGE) })
      const logs = await json<Log[]>('/logs', undefined, params)
      all.push(...logs.map(toLogEntry))
      if (logs.length < LOG_PAGE) break
      after = logs[logs.length - 1]?.sequence ?? after
    }
    return all
  }
}

/** Query parameters of a runs list or feed: repeated jobName/status, `label.<key>=value`. */
export function runsParams(query: RunsQuery, withStatus = true): URLSearchParams {
  const params = new URLSearchParams()
  for (const name of toList(query.jobName)) params.append('jobName', name)
  if (withStatus) for (const status of toList(query.status)) params.append('status', status)
  for (const [key, value] of Object.entries(query.labels ?? {})) params.set(`label.${key}`, value)
  return params
}

function toList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return []
  return Array.isArray(value) ? value : [value]
}

function toLogEntry(log: Log): LogEntry {
  return {
    id: log.id,
    runId: log.runId,
    sequence: log.sequence,
    stepName: log.stepName,
    level: log.level,
    message: log.message,
    data: log.data,
    timestamp: log.createdAt,
  }
}

async function toApiError(response: Response): Promise<ApiError> {
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
