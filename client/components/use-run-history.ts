// Hook: the latest runs (up to 200) matching the dashboard's job/label filters, refetched when the list changes.
import { useEffect, useState } from 'react'
import type { DurablyCore } from '../lib/core'
import type { ClientRun, RunsQuery } from '../lib/types'

const HISTORY_LIMIT = 200
const REFETCH_DELAY_MS = 400

export function useRunHistory(core: DurablyCore, query: RunsQuery, version: number): ClientRun[] | null {
  const [runs, setRuns] = useState<ClientRun[] | null>(null)
  const key = JSON.stringify([query.jobName, query.labels])
  useEffect(() => {
    let live = true
    const timer = setTimeout(() => {
      core.api
        .getRuns({ jobName: query.jobName, labels: query.labels }, HISTORY_LIMIT, 0)
        .then((page) => live && setRuns(page.runs))
        .catch(() => undefined)
    }, runs === null ? 0 : REFETCH_DELAY_MS)
    return () => {
      live = false
      clearTimeout(timer)
    }
    // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by the serialized query and the list version
  }, [core, key, version])
  return runs
}
