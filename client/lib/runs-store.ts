// A live runs list: one page of GET /runs kept fresh by the /runs/subscribe feed while anyone watches it.
import type { Api } from './api'
import type { AuthStore } from './auth-store'
import type { EventSourceFactory, EventSourceLike } from './event-source'
import type { ClientRun, DurablyEvent, RunsQuery, RunsState } from './types'

export type { RunsState }

export interface RunsStore {
  getState(): RunsState
  subscribe(listener: () => void): () => void
  goToPage(page: number): void
  refresh(): void
}

const REFRESH_DELAY_MS = 120
const MAX_FEED_RETRIES = 30
const CLOSED = 2
const REFRESH_EVENTS = new Set(['run:trigger', 'run:coalesced', 'run:leased', 'run:waiting', 'run:complete', 'run:fail',
  'run:cancel', 'run:delete', 'step:fail', 'step:cancel'])

export function createRunsStore(
  api: Api,
  auth: AuthStore,
  openSource: EventSourceFactory,
  query: RunsQuery,
): RunsStore {
  const pageSize = Math.max(1, query.pageSize ?? 10)
  const listeners = new Set<() => void>()
  let state: RunsState = { runs: [], page: 0, total: null, hasMore: false, isLoading: true, error: null, version: 0 }
  let feed: EventSourceLike | null = null
  let feedRetries = 0
  let feedTimer: ReturnType<typeof setTimeout> | null = null
  let refreshTimer: ReturnType<typeof setTimeout> | null = null
  let requestId = 0
  let stopAuth: (() => void) | null = null

  const set = (patch: Partial<RunsState>) => {
    state = { ...state, ...patch }
    for (const listener of [...listeners]) listener()
  }

  async function load(): Promise<void> {
    const id = ++requestId
    if (state.runs.length === 0) set({ isLoading: true })
    try {
      const { runs, total } = await api.getRuns(query, pageSize + 1, state.page * pageSize)
      if (id !== requestId) return
      if (runs.length === 0 && state.page > 0) return goToPage(state.page - 1)
      const hasMore = total !== null ? (state.page + 1) * pageSize < total : runs.length > pageSize
      set({ runs: runs.slice(0, pageSize), total, hasMore, isLoading: false, error: null, version: state.version + 1 })
    } catch (error) {
      if (id === requestId) set({ isLoading: false, error: error instanceof Error ? error.message : String(error) })
    }
  }

  function scheduleRefresh(): void {
    if (refreshTimer) return
    refreshTimer = setTimeout(() => {
      refreshTimer = null
      void load()
    }, REFRESH_DELAY_MS)
  }

  function patchRun(runId: string, patch: (run: ClientRun) => ClientRun): void {
    if (!state.runs.some((run) => run.id === runId)) return
    set({ runs: state.runs.map((run) => (run.id === runId ? patch(run) : run)) })
  }

  function onFeedEvent(event: DurablyEvent): void {
    // A run that starts waiting or resumes shows it at once; the refresh that follows brings the rest.
    if (event.type === 'run:waiting') {
      const { waitingFor, wakeAt } = event
      patchRun(event.runId, (run) => (run.isTerminal ? run : { ...run, status: 'waiting', isActive: false, isWaiting: true, waitingFor, wakeAt }))
    }
    if (event.type === 'run:leased') {
      patchRun(event.runId, (run) =>
        run.isTerminal ? run : { ...run, status: 'leased', isActive: true, isWaiting: false, waitingFor: null, wakeAt: null },
      )
    }
    if (REFRESH_EVENTS.has(event.type)) return scheduleRefresh()
    if (event.type === 'run:progress') patchRun(event.runId, (run) => ({ ...run, progress: event.progress }))
    if (event.type === 'step:complete') {
      patchRun(event.runId, (run) => ({
        ...run,
        currentStepIndex: event.stepIndex + 1,
        completedStepCount: Math.max(run.completedStepCount, event.stepIndex + 1),
      }))
    }
  }

  function openFeed(): void {
    if (feed || listeners.size === 0) return
    const source = openSource(api.runsFeedUrl(query))
    feed = source
    source.onopen = () => {
      if (feedRetries > 0) scheduleRefresh()
      feedRetries = 0
    }
    source.onmessage = (message) => {
      try {
        onFeedEvent(JSON.parse(String(message.data)) as DurablyEvent)
      } catch {
        // ignore a malformed event
      }
    }
    source.onerror = () => {
      if (source.readyState !== CLOSED) return
      closeFeed()
      // While signed out the auth subscription reopens the feed after sign-in; retrying now would only fail again.
      if (feedRetries >= MAX_FEED_RETRIES || auth.getState().required) return
      feedRetries += 1
      feedTimer = setTimeout(openFeed, Math.min(10_000, 500 * 2 ** Math.min(feedRetries, 5)))
    }
  }

  function closeFeed(): void {
    feed?.close()
    feed = null
    if (feedTimer) clearTimeout(feedTimer)
    feedTimer = null
  }

  function goToPage(page: number): void {
    const next = Math.max(0, Math.floor(page))
    if (next === state.page) return void load()
    set({ page: next })
    void load()
  }

  function start(): void {
    stopAuth = auth.subscribe(() => {
      if (auth.getState().required) return
      void load()
      feedRetries = 0
      closeFeed()
      openFeed()
    })
    void load()
    openFeed()
  }

  function stop(): void {
    stopAuth?.()
    stopAuth = null
    closeFeed()
    if (refreshTimer) clearTimeout(refreshTimer)
    refreshTimer = null
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener)
      if (listeners.size === 1) start()
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0) stop()
      }
    },
    goToPage,
    refresh: () => void load(),
  }
}
