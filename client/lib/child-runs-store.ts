// Subscribable store of a run's child runs (GET /runs?label.stepflare.parent=<id>): fetched while shown, and again
// when the parent's stream says it started or stopped waiting (a child started or ended) or the parent ended.
import type { Api } from './api'
import type { LiveRunStore } from './live-run-store'
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

interface Entry {
  state: ChildRunsState
  listeners: Set<Listener>
  stop: () => void
  fetching: boolean
  fetchAgain: boolean
}

/** At most this many children are listed. */
export const MAX_CHILD_RUNS = 50
const EMPTY: ChildRunsState = { runs: [], isLoading: false, error: null }

export function createChildRunsStore(api: Pick<Api, 'getRuns'>, liveRuns: Pick<LiveRunStore, 'onEvent'>): ChildRunsStore {
  const entries = new Map<string, Entry>()

  function set(entry: Entry, patch: Partial<ChildRunsState>): void {
    entry.state = { ...entry.state, ...patch }
    for (const listener of [...entry.listeners]) listener()
  }

  function load(parentId: string, entry: Entry): void {
    if (entry.fetching) return void (entry.fetchAgain = true)
    entry.fetching = true
    api
      .getRuns({ labels: { [PARENT_LABEL]: parentId } }, MAX_CHILD_RUNS, 0)
      .then(({ runs }) => set(entry, { runs, isLoading: false, error: null }))
      .catch((error: unknown) => set(entry, { isLoading: false, error: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        entry.fetching = false
        if (entry.fetchAgain && entries.get(parentId) === entry) {
          entry.fetchAgain = false
          load(parentId, entry)
        }
      })
  }

  function open(parentId: string): Entry {
    const entry: Entry = { state: { ...EMPTY, isLoading: true }, listeners: new Set(), stop: () => undefined, fetching: false, fetchAgain: false }
    entries.set(parentId, entry)
    entry.stop = liveRuns.onEvent(parentId, (event) => {
      if (CHANGES_WAITS.has(event.type)) load(parentId, entry)
    })
    load(parentId, entry)
    return entry
  }

  return {
    getState: (parentId) => entries.get(parentId)?.state ?? EMPTY,
    subscribe(parentId, listener) {
      const entry = entries.get(parentId) ?? open(parentId)
      entry.listeners.add(listener)
      let active = true
      return () => {
        if (!active) return
        active = false
        entry.listeners.delete(listener)
        if (entry.listeners.size > 0) return
        entry.stop()
        entries.delete(parentId)
      }
    },
    refresh(parentId) {
      const entry = entries.get(parentId)
      if (entry) load(parentId, entry)
    },
  }
}
