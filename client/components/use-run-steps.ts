// Hook: a run's steps: the stored ones from GET /steps, refetched as the live stream reports step changes.
import { useEffect, useState } from 'react'
import { durablyClient } from '../lib/durably'
import type { Step, StepProgress } from '../lib/types'

export interface TimelineStep {
  name: string
  index: number
  status: StepProgress['status']
  startedAt: string
  completedAt: string | null
  error: string | null
}

/** `changeKey` changes whenever the stream saw a step start or end, or the run's status moved. */
export function useRunSteps(runId: string, live: StepProgress[], changeKey: string): TimelineStep[] {
  const [stored, setStored] = useState<Step[]>([])
  useEffect(() => {
    let active = true
    durablyClient.$core.api
      .getSteps(runId)
      .then((steps) => active && setStored(steps))
      .catch(() => undefined)
    return () => {
      active = false
    }
  }, [runId, changeKey])
  return mergeSteps(stored, live)
}

/** Stored steps win (they are the record); live steps fill in the one still running and any not stored yet. */
export function mergeSteps(stored: Step[], live: StepProgress[]): TimelineStep[] {
  const byIndex = new Map<number, TimelineStep>()
  for (const step of live) byIndex.set(step.index, { ...step })
  for (const step of stored) {
    byIndex.set(step.index, {
      name: step.name,
      index: step.index,
      status: step.status,
      startedAt: step.startedAt,
      completedAt: step.completedAt,
      error: step.error,
    })
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index)
}
