// Hook: a run's durable waits (name, status, answer, times) from the shared waits store, kept fresh from its stream.
import { useCallback, useSyncExternalStore } from 'react'
import type { DurablyCore } from './core'
import type { WaitsState } from './waits-store'

const NONE: WaitsState = { waits: [], isLoading: false, error: null }

export function useRunWaits(core: DurablyCore, runId: string | null): WaitsState {
  const subscribe = useCallback(
    (listener: () => void) => (runId === null ? () => undefined : core.waits.subscribe(runId, listener)),
    [core, runId],
  )
  const getSnapshot = useCallback(() => (runId === null ? NONE : core.waits.getState(runId)), [core, runId])
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot)
}
