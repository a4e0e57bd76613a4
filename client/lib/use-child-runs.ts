// Hook: a run's child runs (started with step.invoke) from the client's child-runs store, refreshed by the run's stream.
import { useCallback, useSyncExternalStore } from 'react'
import { createChildRunsStore, type ChildRunsState, type ChildRunsStore } from './child-runs-store'
import type { DurablyCore } from './core'

const stores = new WeakMap<DurablyCore, ChildRunsStore>()
const NONE: ChildRunsState = { runs: [], isLoading: false, error: null }

/** The client's child-runs store (made on first use, so pages without child runs never load it). */
export function childRunsStoreOf(core: DurablyCore): ChildRunsStore {
  let store = stores.get(core)
  if (!store) {
    store = createChildRunsStore(core.api, core.liveRuns)
    stores.set(core, store)
  }
  return store
}

export function useChildRuns(core: DurablyCore, parentId: string | null): ChildRunsState {
  const store = childRunsStoreOf(core)
  const subscribe = useCallback((listener: () => void) => (parentId === null ? () => undefined : store.subscribe(parentId, listener)), [store, parentId])
  const getSnapshot = useCallback(() => (parentId === null ? NONE : store.getState(parentId)), [store, parentId])
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot)
}
