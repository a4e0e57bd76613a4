// Hook: a live, paginated list of runs across jobs (filters by job, status and labels).
import { useMemo, useSyncExternalStore } from 'react'
import type { DurablyCore } from './core'
import { createRunsStore } from './runs-store'
import type { RunsQuery, UseRunsResult } from './types'

export function useRuns(core: DurablyCore, query: RunsQuery = {}): UseRunsResult {
  const key = JSON.stringify([query.jobName, query.status, query.labels, query.pageSize])
  // The store is rebuilt only when the serialized query changes, not on every new query object.
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by `key`
  const store = useMemo(() => createRunsStore(core.api, core.auth, core.openSource, query), [core, key])
  const state = useSyncExternalStore(store.subscribe, store.getState, store.getState)
  return useMemo(
    () => ({
      ...state,
      nextPage: () => {
        if (state.hasMore) store.goToPage(state.page + 1)
      },
      prevPage: () => store.goToPage(state.page - 1),
      goToPage: store.goToPage,
      refresh: store.refresh,
    }),
    [state, store],
  )
}
