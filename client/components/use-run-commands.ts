// Hook: runs retrigger/cancel/delete on one or many runs, tracking which are busy and what happened.
import { useCallback, useState } from 'react'
import { dashboardClient } from '../lib/dashboard-client'
import type { RunCommand } from '../lib/run-permissions'

export interface CommandNotice {
  kind: 'success' | 'error'
  text: string
  /** The new run of a single retrigger, to link to. */
  runId?: string
}

const PAST: Record<RunCommand, string> = { retrigger: 'Retriggered', cancel: 'Cancelled', delete: 'Deleted' }

export function useRunCommands(onDone?: () => void) {
  const actions = dashboardClient.useRunActions()
  const [busyIds, setBusyIds] = useState<ReadonlySet<string>>(new Set())
  const [notice, setNotice] = useState<CommandNotice | null>(null)

  const perform = useCallback(
    async (action: RunCommand, runIds: string[]) => {
      setBusyIds((prev) => new Set([...prev, ...runIds]))
      const failures: string[] = []
      let newRunId: string | undefined
      for (const runId of runIds) {
        try {
          if (action === 'retrigger') newRunId = await actions.retrigger(runId)
          else if (action === 'cancel') await actions.cancel(runId)
          else await actions.deleteRun(runId)
        } catch (error) {
          failures.push(error instanceof Error ? error.message : String(error))
        }
      }
      setBusyIds((prev) => new Set([...prev].filter((id) => !runIds.includes(id))))
      const done = runIds.length - failures.length
      setNotice(
        failures.length
          ? { kind: 'error', text: `${PAST[action]} ${done} of ${runIds.length}. ${failures[0]}` }
          : { kind: 'success', text: `${PAST[action]} ${runIds.length === 1 ? 'the run' : `${done} runs`}.`,
              runId: runIds.length === 1 ? newRunId : undefined },
      )
      onDone?.()
    },
    [actions, onDone],
  )

  return { perform, busyIds, notice, clearNotice: () => setNotice(null) }
}
