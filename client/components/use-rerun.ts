// Hook: reruns a finished run from one of its steps (optionally with new input) and opens the new run.
import { useCallback, useState } from 'react'
import { ApiError } from '../lib/api'
import { dashboardClient } from '../lib/dashboard-client'
import { navigate } from '../router/history-router'

export interface RerunState {
  busy: boolean
  error: string | null
  /** What the server found wrong with the input (a 400), as "path: message". */
  issues: string[]
}

export function useRerun(runId: string) {
  const { api } = dashboardClient.$core
  const [state, setState] = useState<RerunState>({ busy: false, error: null, issues: [] })

  const rerun = useCallback(
    async (fromStep: number, input?: unknown) => {
      setState((s) => ({ ...s, busy: true, error: null, issues: [] }))
      try {
        const { runId: newRunId } = await api.retrigger(runId, { fromStep, ...(input === undefined ? {} : { input }) })
        navigate(`/runs/${encodeURIComponent(newRunId)}`)
      } catch (error) {
        const issues = error instanceof ApiError ? error.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)) : []
        setState((s) => ({ ...s, busy: false, error: error instanceof Error ? error.message : String(error), issues }))
      }
    },
    [api, runId],
  )

  return { ...state, rerun }
}
