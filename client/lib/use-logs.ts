// Hook: a run's log lines: the stored history from GET /logs, then live `log:write` events, merged in order.
import { useEffect } from 'react'
import type { DurablyCore } from './core'
import type { UseLogsResult } from './types'
import { useRunState } from './use-run-state'

export function useLogs(core: DurablyCore, runId: string | null): UseLogsResult {
  const state = useRunState(core, runId)
  useEffect(() => {
    if (runId !== null) core.liveRuns.requestLogs(runId)
  }, [core, runId])
  return { logs: state.logs, isLoading: runId !== null && !state.logsLoaded }
}
