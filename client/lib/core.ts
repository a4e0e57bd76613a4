// The non-React heart of a client: API calls, auth state, the shared run, step, attempt and wait stores, job names.
import { createApi, type Api } from './api'
import { createAttemptsStore, type AttemptsStore } from './attempts-store'
import { createAuthStore, type AuthStore } from './auth-store'
import type { EventSourceFactory } from './event-source'
import { createJobNameResolver, type JobNameResolver } from './job-names'
import { createLiveRunStore, type LiveRunStore } from './live-run-store'
import { createRunStepsStore, type RunStepsStore } from './run-steps-store'
import { createSignalDraftsStore, type SignalDraftsStore } from './signal-drafts-store'
import { createWaitsStore, type WaitsStore } from './waits-store'

export interface DurablyCore {
  api: Api
  auth: AuthStore
  /** Each watched run's live state (one EventSource per run). */
  liveRuns: LiveRunStore
  /** Each watched run's step timeline. */
  runSteps: RunStepsStore
  /** Attempts of the steps whose attempts are shown. */
  attempts: AttemptsStore
  /** Each shown run's durable waits. */
  waits: WaitsStore
  /** Answers being written to waits (one draft per wait). */
  signals: SignalDraftsStore
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
  const liveRuns = createLiveRunStore(api, auth, openSource)
  const waits = createWaitsStore(api, liveRuns)
  return {
    api,
    auth,
    liveRuns,
    runSteps: createRunStepsStore(api, liveRuns),
    attempts: createAttemptsStore(api, liveRuns),
    waits,
    signals: createSignalDraftsStore({ api, onAnswered: waits.put, onRefused: waits.refresh }),
    names: createJobNameResolver(api, options.jobNames),
    openSource,
  }
}
