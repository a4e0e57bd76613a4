// Hook: the live schedules list of a client and its actions (one store per client, shared by every component).
import { useSyncExternalStore } from 'react'
import type { DurablyCore } from './core'
import { createSchedulesStore, type SchedulesState, type SchedulesStore } from './schedules-store'

const stores = new WeakMap<DurablyCore, SchedulesStore>()

/** The client's schedules store (made on first use). */
export function schedulesStoreOf(core: DurablyCore): SchedulesStore {
  let store = stores.get(core)
  if (!store) {
    store = createSchedulesStore(core.api.schedules)
    stores.set(core, store)
  }
  return store
}

export function useSchedules(core: DurablyCore): SchedulesState & Omit<SchedulesStore, 'getState' | 'subscribe'> {
  const store = schedulesStoreOf(core)
  const state = useSyncExternalStore(store.subscribe, store.getState, store.getState)
  return { ...state, refresh: store.refresh, pause: store.pause, resume: store.resume, remove: store.remove, create: store.create }
}
