// The live state of each watched run: one ref-counted EventSource per run, shared by every hook that watches it.
import type { Api } from './api'
import { ApiError } from './api'
import type { AuthStore } from './auth-store'
import type { EventSourceFactory, EventSourceLike } from './event-source'
import { initialRunState, isTerminalStatus, reduceRun, type RunAction } from './run-reducer'
import type { DurablyEvent, RunState } from './types'

type Listener = () => void
type EventListener = (event: DurablyEvent) => void


interface Entry {
  state: RunState
  listeners: Set<Listener>
  eventListeners: Set<EventListener>
  refs: number
  source: EventSourceLike | null
  retryTimer: ReturnType<typeof setTimeout> | null
  attempts: number
  logsWanted: boolean
  logsFetching: boolean
  refreshing: boolean
}

export interface LiveRunStore {
  getState(runId: string | null): RunState
  /** Watches a run: holds its connection open while at least one subscriber remains. */
  subscribe(runId: string, listener: Listener): () => void
  /** Hears each event of the run's stream as it arrives, before the run's state takes it in (holds no stream open). */
  onEvent(runId: string, listener: (event: DurablyEvent) => void): () => void
  /** Asks for the run's stored log history (fetched once the live stream has told us where it stands). */
  requestLogs(runId: string): void
  /** Resolves with the final state once the run is completed, failed, cancelled or deleted. */
  waitForEnd(runId: string): Promise<RunState>
  /** Number of open EventSources (for tests and diagnostics). */
  openConnections(): number
}

const CLOSED = 2
const MAX_RETRIES = 30
const REFRESH_GAP_MS = 700
const NULL_STATE = initialRunState(null)

export function createLiveRunStore(api: Api, auth: AuthStore, openSource: EventSourceFactory): LiveRunStore {
  const entries = new Map<string, Entry>()

  auth.subscribe(() => {
    if (auth.getState().required) return
    for (const [runId, entry] of entries) if (entry.refs > 0) reconnect(runId, entry)
  })

  function entryOf(runId: string): Entry {
    let entry = entries.get(runId)
    if (!entry) {
      entry = {
        state: initialRunState(runId), listeners: new Set(), eventListeners: new Set(), refs: 0, source: null,
        retryTimer: null, attempts: 0, logsWanted: false, logsFetching: false, refreshing: false,
      }
      entries.set(runId, entry)
    }
    return entry
  }

  function dispatch(entry: Entry, action: RunAction): void {
    const next = reduceRun(entry.state, action)
    if (next === entry.state) return
    entry.state = next
    for (const listener of [...entry.listeners]) listener()
  }

  const isFinished = (state: RunState) => state.isDeleted || isTerminalStatus(state.status)

  function open(runId: string, entry: Entry): void {
    if (entry.source || entry.retryTimer || isFinished(entry.state) || entry.refs === 0) return
    const source = openSource(api.subscribeUrl(runId, entry.state.lastSequence))
    entry.source = source
    dispatch(entry, { type: 'connection', connection: 'connecting' })
    source.onopen = () => {
      entry.attempts = 0
      dispatch(entry, { type: 'connection', connection: 'open' })
    }
    source.onmessage = (message) => onMessage(runId, entry, message)
    source.onerror = () => {
      if (source.readyState === CLOSED) void recover(runId, entry)
      else dispatch(entry, { type: 'connection', connection: 'connecting' })
    }
  }

  function close(entry: Entry, connection: RunState['connection'] = 'closed'): void {
    entry.source?.close()
    entry.source = null
    if (entry.retryTimer) clearTimeout(entry.retryTimer)
    entry.retryTimer = null
    dispatch(entry, { type: 'connection', connection })
  }

  function onMessage(runId: string, entry: Entry, message: MessageEvent): void {
    let event: DurablyEvent
    try {
      event = JSON.parse(String(message.data)) as DurablyEvent
    } catch {
      return
    }
    if (event.runId !== runId) return
    for (const listener of [...entry.eventListeners]) listener(event)
    dispatch(entry, { type: 'event', event })
    if (event.type === 'run:snapshot') maybeFetchLogs(runId, entry)
    if (isFinished(entry.state)) {
      close(entry)
      refreshFinished(runId, entry)
    }
  }

  /** The browser gave up on the stream (204, 401, 404, network): ask the API where the run stands. */
  async function recover(runId: string, entry: Entry): Promise<void> {
    close(entry, 'error')
    try {
      const run = await api.getRun(runId)
      if (run === null) dispatch(entry, { type: 'run:missing' })
      else dispatch(entry, { type: 'run:loaded', run })
      maybeFetchLogs(runId, entry)
      if (isFinished(entry.state)) return close(entry)
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return
    }
    scheduleRetry(runId, entry)
  }

  /** The first retry after a good connection is immediate; later ones back off (bounded in count). */
  function scheduleRetry(runId: string, entry: Entry): void {
    if (entry.refs === 0 || entry.attempts >= MAX_RETRIES || entry.retryTimer) return
    entry.attempts += 1
    if (entry.attempts === 1) return open(runId, entry)
    const delay = Math.min(10_000, 500 * 2 ** Math.min(entry.attempts, 5))
    entry.retryTimer = setTimeout(() => {
      entry.retryTimer = null
      open(runId, entry)
    }, delay)
  }

  function reconnect(runId: string, entry: Entry): void {
    if (entry.source) return
    if (entry.retryTimer) clearTimeout(entry.retryTimer)
    entry.retryTimer = null
    entry.attempts = 0
    if (entry.logsWanted && !entry.state.logsLoaded) maybeFetchLogs(runId, entry)
    if (isFinished(entry.state) || entry.state.connection === 'error') void recover(runId, entry)
    else open(runId, entry)
  }

  function maybeFetchLogs(runId: string, entry: Entry): void {
    if (!entry.logsWanted || entry.logsFetching || entry.state.logsLoaded) return
    entry.logsFetching = true
    api
      .getLogs(runId)
      .then((logs) => dispatch(entry, { type: 'logs:loaded', logs }))
      .catch(() => undefined)
      .finally(() => {
        entry.logsFetching = false
      })
  }

  /**
   * A run that ended while we only had an earlier snapshot: fetch its final record (timestamps, output). The stored
   * record may lag the terminal event by a moment, so a few spaced tries are made.
   */
  function refreshFinished(runId: string, entry: Entry, triesLeft = 3): void {
    const stale = () => isTerminalStatus(entry.state.status) && entry.state.run?.status !== entry.state.status
    if (!stale() || entry.refreshing || entry.state.isDeleted) return
    entry.refreshing = true
    api
      .getRun(runId)
      .then((run) => dispatch(entry, run ? { type: 'run:loaded', run } : { type: 'run:missing' }))
      .catch(() => undefined)
      .finally(() => {
        entry.refreshing = false
        if (stale() && triesLeft > 1) setTimeout(() => refreshFinished(runId, entry, triesLeft - 1), REFRESH_GAP_MS)
      })
  }

  function subscribe(runId: string, listener: Listener): () => void {
    const entry = entryOf(runId)
    entry.listeners.add(listener)
    entry.refs += 1
    open(runId, entry)
    refreshFinished(runId, entry)
    let active = true
    return () => {
      if (!active) return
      active = false
      entry.listeners.delete(listener)
      entry.refs -= 1
      if (entry.refs === 0) close(entry, isFinished(entry.state) ? 'closed' : 'idle')
    }
  }

  return {
    getState: (runId) => (runId === null ? NULL_STATE : entryOf(runId).state),
    subscribe,
    onEvent(runId, listener) {
      const { eventListeners } = entryOf(runId)
      eventListeners.add(listener)
      return () => eventListeners.delete(listener)
    },
    requestLogs(runId) {
      const entry = entryOf(runId)
      entry.logsWanted = true
      if (entry.state.run !== null || isFinished(entry.state)) maybeFetchLogs(runId, entry)
    },
    waitForEnd(runId) {
      return new Promise((resolve) => {
        let unsubscribe: () => void = () => undefined
        const check = () => {
          const state = entryOf(runId).state
          if (!isFinished(state)) return false
          unsubscribe()
          resolve(state)
          return true
        }
        unsubscribe = subscribe(runId, check)
        check()
      })
    },
    openConnections: () => [...entries.values()].filter((e) => e.source !== null).length,
  }
}
