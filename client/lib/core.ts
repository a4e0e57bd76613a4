// The non-React heart of a client: API calls, auth state, the shared run and step stores, job-name resolution.
import { createApi, type Api } from './api'
import { createAuthStore, type AuthStore } from './auth-store'
import { createJobNameResolver, type JobNameResolver } from './job-names'
import { createRunStepsStore, type RunStepsStore } from './run-steps-store'
import { createRunStore, type EventSourceFactory, type RunStore } from './run-store'

export interface DurablyCore {
  api: Api
  auth: AuthStore
  runs: RunStore
  steps: RunStepsStore
  names: JobNameResolver
  openSource: EventSourceFactory
}

export interface CoreOptions {
  api: string
  jobNames?: Readonly<Record<string, string>>
  /** Replaces `new EventSource(url)` (tests pass a fake). */
  eventSource?: EventSourceFactory
}

export function createCore(options: CoreOptions): DurablyCore {
  const base = options.api.replace(/\/+$/, '')
  // The auth store asks GET /session through the api, which reports every 401 to the auth store.
  const auth = createAuthStore({ readSession: () => api.getSession() })
  const api = createApi(base, auth)
  const openSource = options.eventSource ?? ((url: string) => new EventSource(url))
  const runs = createRunStore(api, auth, openSource)
  return {
    api,
    auth,
    runs,
    steps: createRunStepsStore(api, runs),
    names: createJobNameResolver(api, options.jobNames),
    openSource,
  }
}
