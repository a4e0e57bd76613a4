// Hook: trigger a job and follow the run it started (status, progress, output, …) through the shared run store.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { DurablyCore } from './core'
import { runHookFields } from './run-hook-fields'
import type { TriggerOptions, TriggerResponse, UseJobOptions, UseJobResult } from './types'
import { useRunState } from './use-run-state'

export function useJob<TInput, TOutput>(
  core: DurablyCore,
  jobKey: string,
  options: UseJobOptions = {},
): UseJobResult<TInput, TOutput> {
  const { initialRunId, autoResume = true } = options
  const [currentRunId, setCurrentRunId] = useState<string | null>(initialRunId ?? null)
  const [isTriggering, setIsTriggering] = useState(false)
  const triggered = useRef(false)
  const state = useRunState(core, currentRunId)

  useResumeActiveRun(core, jobKey, autoResume && !initialRunId, triggered, setCurrentRunId)

  const trigger = useCallback(
    async (input: TInput, triggerOptions?: TriggerOptions): Promise<TriggerResponse> => {
      triggered.current = true
      setIsTriggering(true)
      try {
        const jobName = await core.names.resolve(jobKey)
        const result = await core.api.trigger(jobName, input, triggerOptions)
        setCurrentRunId(result.runId)
        return result
      } finally {
        setIsTriggering(false)
      }
    },
    [core, jobKey],
  )

  const triggerAndWait = useCallback(
    async (input: TInput, triggerOptions?: TriggerOptions) => {
      const { runId } = await trigger(input, triggerOptions)
      const end = await core.liveRuns.waitForEnd(runId)
      if (end.status === 'completed') return { runId, output: (end.output ?? null) as TOutput | null }
      if (end.isDeleted) throw new Error('Run was deleted')
      throw new Error(end.status === 'cancelled' ? 'Run was cancelled' : (end.error ?? 'Run failed'))
    },
    [core, trigger],
  )

  const reset = useCallback(() => {
    triggered.current = true
    setCurrentRunId(null)
  }, [])

  return useMemo(
    () => ({
      ...runHookFields<TOutput>(state, currentRunId !== null),
      trigger,
      triggerAndWait,
      currentRunId,
      isTriggering,
      reset,
    }),
    [state, currentRunId, isTriggering, trigger, triggerAndWait, reset],
  )
}

/** On mount, follows the job's newest leased (else pending) run, unless the user triggered one meanwhile. */
function useResumeActiveRun(
  core: DurablyCore,
  jobKey: string,
  enabled: boolean,
  triggered: { current: boolean },
  follow: (runId: string) => void,
): void {
  useEffect(() => {
    if (!enabled) return
    let cancelled = false
    const find = async () => {
      const jobName = await core.names.resolve(jobKey)
      for (const status of ['leased', 'pending'] as const) {
        const { runs } = await core.api.getRuns({ jobName, status }, 1, 0)
        if (cancelled || triggered.current) return
        if (runs[0]) return follow(runs[0].id)
      }
    }
    find().catch(() => undefined)
    return () => {
      cancelled = true
    }
  }, [core, jobKey, enabled, triggered, follow])
}
