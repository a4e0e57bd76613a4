// The newest sent events (GET /events), optionally of one name: loaded while watched, again on request and after a send.
import type { EventApi, SentEvent } from './event-api'

export interface EventsState {
  /** Newest first. */
  events: SentEvent[]
  /** The event name the list shows ('' for every name). */
  name: string
  isLoading: boolean
  error: string | null
}

export interface EventsStore {
  getState(): EventsState
  subscribe(listener: () => void): () => void
  /** Shows the events of this name only ('' for all), fetched now. */
  setName(name: string): void
  refresh(): Promise<void>
}

/** How many events the list shows. */
export const EVENTS_SHOWN = 50

export function createEventsStore(api: Pick<EventApi, 'list'>): EventsStore {
  const listeners = new Set<() => void>()
  let state: EventsState = { events: [], name: '', isLoading: true, error: null }
  let requestId = 0

  const set = (patch: Partial<EventsState>) => {
    state = { ...state, ...patch }
    for (const listener of [...listeners]) listener()
  }

  async function refresh(): Promise<void> {
    const id = ++requestId
    const name = state.name
    try {
      const events = await api.list({ ...(name ? { name } : {}), limit: EVENTS_SHOWN })
      if (id === requestId) set({ events, isLoading: false, error: null })
    } catch (error) {
      if (id === requestId) set({ isLoading: false, error: error instanceof Error ? error.message : String(error) })
    }
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener)
      if (listeners.size === 1) void refresh()
      return () => void listeners.delete(listener)
    },
    setName(name) {
      const next = name.trim()
      if (next === state.name) return void refresh()
      set({ name: next, events: [], isLoading: true, error: null })
      void refresh()
    },
    refresh,
  }
}
