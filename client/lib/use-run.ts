// Hook: live state of one run (status, progress, output, error, logs, steps) by id.
import { useMemo } from 'react'
import type { DurablyCore } from './core'
import { runHookFields } from './run-hook-fields'
import type { UseRunResult } from './types'
import { useRunState } from './use-run-state'

export function useRun<TOutput = unknown>(core: DurablyCore, runId: string | null): UseRunResult<TOutput> {
  const state = useRunState(core, runId)
  return useMemo(
    () => ({
      ...runHookFields<TOutput>(state, runId !== null),
      run: state.run,
      steps: state.steps,
      isDeleted: state.isDeleted,
      connection: state.connection,
    }),
    [state, runId],
  )
}
