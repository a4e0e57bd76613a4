// The machinery of a store of something fetched per run (its waits, its child runs): one entry per watched run,
// fetched when first watched and again after the run events that change it (one fetch at a time, one more queued),
// dropped when its last subscriber leaves.
import type { LiveRunStore } from './live-run-store'
import type { DurablyEvent } from './types'

type Listener = () => void

/** What every such state has besides its data. */
export interface FetchedState {
  /** True until the first answer (or failure). */
  isLoading: boolean
  error: string | null
}

export interface RunFetchStore<TState extends FetchedState> {
  getState(runId: string): TState
  /** Watches a run: fetched now and after each event that changes it, while a subscriber remains. */
  subscribe(runId: string, listener: Listener): () => void
  /** Asks for the run's data again. */
  refresh(runId: string): void
  /** Changes a watched run's state at once (a server answer that carries part of it); nothing for an unwatched run. */
  update(runId: string, patch: (state: TState) => Partial<TState>): void
}

interface Entry<TState> {
  state: TState
  listeners: Set<Listener>
  stop: () => void
  fetching: boolean
  fetchAgain: boolean
}

export function createRunFetchStore<TState extends FetchedState>(options: {
  empty: TState
  fetch(runId: string): Promise<Partial<TState>>
  liveRuns: Pick<LiveRunStore, 'onEvent'>
  /** Events of the run after which its data is fetched again. */
  refetchOn: ReadonlySet<DurablyEvent['type']>
}): RunFetchStore<TState> {
  const { empty, liveRuns, refetchOn } = options
  const entries = new Map<string, Entry<TState>>()

  function set(entry: Entry<TState>, patch: Partial<TState>): void {
    entry.state = { ...entry.state, ...patch }
    for (const listener of [...entry.listeners]) listener()
  }

  function load(runId: string, entry: Entry<TState>): void {
    if (entry.fetching) return void (entry.fetchAgain = true)
    entry.fetching = true
    options
      .fetch(runId)
      .then((data) => set(entry, { ...data, isLoading: false, error: null }))
      .catch((error: unknown) => set(entry, { isLoading: false, error: error instanceof Error ? error.message : String(error) } as Partial<TState>))
      .finally(() => {
        entry.fetching = false
        if (entry.fetchAgain && entries.get(runId) === entry) {
          entry.fetchAgain = false
          load(runId, entry)
        }
      })
  }

  function open(runId: string): Entry<TState> {
    const entry: Entry<TState> = { state: { ...empty, isLoading: true }, listeners: new Set(), stop: () => undefined, fetching: false, fetchAgain: false }
    entries.set(runId, entry)
    entry.stop = liveRuns.onEvent(runId, (event) => {
      if (refetchOn.has(event.type)) load(runId, entry)
    })
    load(runId, entry)
    return entry
  }

  return {
    getState: (runId) => entries.get(runId)?.state ?? empty,
    subscribe(runId, listener) {
      const entry = entries.get(runId) ?? open(runId)
      entry.listeners.add(listener)
      let active = true
      return () => {
        if (!active) return
        active = false
        entry.listeners.delete(listener)
        if (entry.listeners.size > 0) return
        entry.stop()
        entries.delete(runId)
      }
    },
    refresh(runId) {
      const entry = entries.get(runId)
      if (entry) load(runId, entry)
    },
    update(runId, patch) {
      const entry = entries.get(runId)
      if (entry) set(entry, patch(entry.state))
    },
  }
}
