// Hook: the attempts of one step of a run (number, outcome, times, error, stack, output), kept fresh while shown.
import { useCallback, useMemo, useSyncExternalStore } from 'react'
import { attemptsOfStep, type AttemptsState } from './attempts-store'
import type { DurablyCore } from './core'

export function useStepAttempts(core: DurablyCore, runId: string, stepIndex: number): AttemptsState {
  const subscribe = useCallback(
    (listener: () => void) => core.attempts.subscribe(runId, stepIndex, listener),
    [core, runId, stepIndex],
  )
  const getSnapshot = useCallback(() => core.attempts.getState(runId), [core, runId])
  const state = useSyncExternalStore(subscribe, getSnapshot, getSnapshot)
  return useMemo(() => ({ ...state, attempts: attemptsOfStep(state.attempts, stepIndex) }), [state, stepIndex])
}
