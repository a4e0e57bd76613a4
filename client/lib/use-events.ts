// Hook: the newest sent events of a client (one store per client), with the name filter and a refresh.
import { useSyncExternalStore } from 'react'
import type { DurablyCore } from './core'
import { createEventsStore, type EventsState, type EventsStore } from './events-store'

const stores = new WeakMap<DurablyCore, EventsStore>()

/** The client's events store (made on first use, so pages without events never load it). */
export function eventsStoreOf(core: DurablyCore): EventsStore {
  let store = stores.get(core)
  if (!store) {
    store = createEventsStore(core.api.events)
    stores.set(core, store)
  }
  return store
}

export function useEvents(core: DurablyCore): EventsState & Pick<EventsStore, 'setName' | 'refresh'> {
  const store = eventsStoreOf(core)
  const state = useSyncExternalStore(store.subscribe, store.getState, store.getState)
  return { ...state, setName: store.setName, refresh: store.refresh }
}
