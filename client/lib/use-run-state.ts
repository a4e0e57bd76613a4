// Hook: the shared store's state of one run, kept subscribed (one EventSource per run) while mounted.
import { useCallback, useSyncExternalStore } from 'react'
import type { DurablyCore } from './core'
import type { RunState } from './types'

export function useRunState(core: DurablyCore, runId: string | null): RunState {
  const subscribe = useCallback(
    (listener: () => void) => (runId === null ? () => undefined : core.liveRuns.subscribe(runId, listener)),
    [core, runId],
  )
  const getSnapshot = useCallback(() => core.liveRuns.getState(runId), [core, runId])
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot)
}
