// Hook: run actions across jobs (retrigger, cancel, delete, fetch a run or its steps) with loading/error state.
import { useCallback, useMemo, useState } from 'react'
import type { DurablyCore } from './core'
import type { UseRunActionsResult } from './types'

export function useRunActions(core: DurablyCore): UseRunActionsResult {
  const [pending, setPending] = useState(0)
  const [error, setError] = useState<string | null>(null)

  const track = useCallback(async <T,>(work: () => Promise<T>): Promise<T> => {
    setPending((n) => n + 1)
    setError(null)
    try {
      return await work()
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
      throw err
    } finally {
      setPending((n) => n - 1)
    }
  }, [])

  const { api } = core
  const retrigger = useCallback(
    (runId: string) => track(async () => (await api.retrigger(runId)).runId),
    [api, track],
  )
  const cancel = useCallback((runId: string) => track(async () => void (await api.cancel(runId))), [api, track])
  const deleteRun = useCallback((runId: string) => track(async () => void (await api.deleteRun(runId))), [api, track])
  const getRun = useCallback((runId: string) => track(() => api.getRun(runId)), [api, track])
  const getSteps = useCallback((runId: string) => track(() => api.getSteps(runId)), [api, track])

  return useMemo(
    () => ({ retrigger, cancel, deleteRun, getRun, getSteps, isLoading: pending > 0, error }),
    [retrigger, cancel, deleteRun, getRun, getSteps, pending, error],
  )
}
