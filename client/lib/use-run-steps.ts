// Hook: a run's step timeline (stored steps, then the stream's step events) from the shared steps store.
import { useCallback, useSyncExternalStore } from 'react'
import type { DurablyCore } from './core'
import type { TimelineStep } from './run-steps-store'

const NONE: TimelineStep[] = []

export function useRunSteps(core: DurablyCore, runId: string | null): TimelineStep[] {
  const subscribe = useCallback(
    (listener: () => void) => (runId === null ? () => undefined : core.runSteps.subscribe(runId, listener)),
    [core, runId],
  )
  const getSnapshot = useCallback(() => (runId === null ? NONE : core.runSteps.getSteps(runId)), [core, runId])
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot)
}
