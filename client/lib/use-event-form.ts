// Hook: the send-an-event form of a client (its draft survives leaving the page); a sent event reloads the events list.
import { useSyncExternalStore } from 'react'
import type { DurablyCore } from './core'
import { createEventFormStore, type EventFormState, type EventFormStore } from './event-form-store'
import { eventsStoreOf } from './use-events'

const stores = new WeakMap<DurablyCore, EventFormStore>()

export function eventFormStoreOf(core: DurablyCore): EventFormStore {
  let store = stores.get(core)
  if (!store) {
    const events = eventsStoreOf(core)
    store = createEventFormStore({ send: core.api.events.send, onSent: () => void events.refresh() })
    stores.set(core, store)
  }
  return store
}

export function useEventForm(core: DurablyCore): EventFormState & Omit<EventFormStore, 'getState' | 'subscribe'> {
  const store = eventFormStoreOf(core)
  const state = useSyncExternalStore(store.subscribe, store.getState, store.getState)
  return { ...state, setName: store.setName, setPayload: store.setPayload, send: store.send }
}
