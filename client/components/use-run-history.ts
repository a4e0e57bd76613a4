// Hook: the latest runs (up to 200) matching the dashboard's job/label filters, refetched (throttled) as the list changes.
import { useEffect, useRef, useState } from 'react'
import type { DurablyCore } from '../lib/core'
import type { ClientRun, RunsQuery } from '../lib/types'

const HISTORY_LIMIT = 200
const REFETCH_EVERY_MS = 1000

export function useRunHistory(core: DurablyCore, query: RunsQuery, version: number): ClientRun[] | null {
  const [runs, setRuns] = useState<ClientRun[] | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const latest = useRef(0)
  const key = JSON.stringify([query.jobName, query.labels])

  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by the serialized query
  useEffect(() => {
    const fetchNow = () => {
      timer.current = null
      const id = ++latest.current
      core.api
        .getRuns({ jobName: query.jobName, labels: query.labels }, HISTORY_LIMIT, 0)
        .then((page) => id === latest.current && setRuns(page.runs))
        .catch(() => undefined)
    }
    // Throttle, never debounce: a steady stream of list changes must not starve the chart.
    if (!timer.current) timer.current = setTimeout(fetchNow, runs === null ? 0 : REFETCH_EVERY_MS)
  }, [core, key, version])

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current)
      latest.current++
    },
    [],
  )
  return runs
}
