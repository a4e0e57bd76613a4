// Subscribable store of a run's child runs (GET /runs?label.stepflare.parent=<id>): fetched while shown, and again
// when the parent's stream says it started or stopped waiting (a child started or ended) or the parent ended.
import type { Api } from './api'
import type { LiveRunStore } from './live-run-store'
import { createRunFetchStore } from './run-fetch-store'
import { PARENT_LABEL } from './run-family'
import type { ClientRun } from './types'
import { CHANGES_WAITS } from './waits-store'

type Listener = () => void

export interface ChildRunsState {
  /** The parent's child runs, newest first. */
  runs: ClientRun[]
  /** True until the first answer (or failure). */
  isLoading: boolean
  error: string | null
}

export interface ChildRunsStore {
  getState(parentId: string): ChildRunsState
  /** Watches a run's children: fetched now and after each parent event that changes them, while a subscriber remains. */
  subscribe(parentId: string, listener: Listener): () => void
  refresh(parentId: string): void
}

/** At most this many children are listed. */
export const MAX_CHILD_RUNS = 50
const EMPTY: ChildRunsState = { runs: [], isLoading: false, error: null }

export function createChildRunsStore(api: Pick<Api, 'getRuns'>, liveRuns: Pick<LiveRunStore, 'onEvent'>): ChildRunsStore {
  return createRunFetchStore<ChildRunsState>({
    empty: EMPTY,
    fetch: async (parentId) => ({ runs: (await api.getRuns({ labels: { [PARENT_LABEL]: parentId } }, MAX_CHILD_RUNS, 0)).runs }),
    liveRuns,
    refetchOn: CHANGES_WAITS,
  })
}
