// Hook: reruns a finished run from one of its steps (optionally with new input) and opens the new run.
import { useCallback, useEffect, useState } from 'react'
import { ApiError } from '../lib/api'
import { dashboardClient } from '../lib/dashboard-client'
import { navigate } from '../router/history-router'

export interface RerunState {
  /** Whether the server can rerun from a step (null until known). */
  supported: boolean | null
  busy: boolean
  error: string | null
  /** What the server found wrong with the input (a 400), as "path: message". */
  issues: string[]
}

export function useRerun(runId: string) {
  const { api, features } = dashboardClient.$core
  const [state, setState] = useState<RerunState>({ supported: null, busy: false, error: null, issues: [] })

  useEffect(() => {
    let live = true
    void features.rerunFromStep().then((supported) => live && setState((s) => ({ ...s, supported })))
    return () => {
      live = false
    }
  }, [features])

  const rerun = useCallback(
    async (fromStep: number, input?: unknown) => {
      setState((s) => ({ ...s, busy: true, error: null, issues: [] }))
      try {
        const { runId: newRunId } = await api.rerunFrom(runId, fromStep, input)
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
