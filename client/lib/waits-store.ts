// Subscribable store of a run's durable waits (GET /waits): fetched while shown, and again when the run starts or
// stops waiting or ends, so a wait's answer, outcome and times appear without a reload.
import type { Api } from './api'
import type { LiveRunStore } from './live-run-store'
import type { DurableWait, DurablyEvent, WaitingFor } from './types'

type Listener = () => void

export interface WaitsState {
  /** The run's waits, oldest first. */
  waits: DurableWait[]
  /** True until the first answer (or failure) of the run's waits. */
  isLoading: boolean
  error: string | null
}

export interface WaitsStore {
  getState(runId: string): WaitsState
  /** Watches a run's waits: fetched now and after each event that changes them, while a subscriber remains. */
  subscribe(runId: string, listener: Listener): () => void
  /** Takes in a wait the server just returned (a signal's receipt) at once, before the next fetch. */
  put(wait: DurableWait): void
  /** Asks for the run's waits again. */
  refresh(runId: string): void
}

interface Entry {
  state: WaitsState
  listeners: Set<Listener>
  stop: () => void
  fetching: boolean
  fetchAgain: boolean
}

const EMPTY: WaitsState = { waits: [], isLoading: false, error: null }
/** Events after which a run's waits read differently: suspended, resumed, or ended (waits closed). */
export const CHANGES_WAITS = new Set<DurablyEvent['type']>(['run:waiting', 'run:leased', 'run:complete', 'run:fail', 'run:cancel'])

export function createWaitsStore(api: Pick<Api, 'waits'>, liveRuns: Pick<LiveRunStore, 'onEvent'>): WaitsStore {
  const entries = new Map<string, Entry>()

  function set(entry: Entry, patch: Partial<WaitsState>): void {
    entry.state = { ...entry.state, ...patch }
    for (const listener of [...entry.listeners]) listener()
  }

  function load(runId: string, entry: Entry): void {
    if (entry.fetching) return void (entry.fetchAgain = true)
    entry.fetching = true
    api.waits
      .list(runId)
      .then((waits) => set(entry, { waits, isLoading: false, error: null }))
      .catch((error: unknown) => set(entry, { isLoading: false, error: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        entry.fetching = false
        if (entry.fetchAgain && entries.get(runId) === entry) {
          entry.fetchAgain = false
          load(runId, entry)
        }
      })
  }

  function open(runId: string): Entry {
    const entry: Entry = { state: { ...EMPTY, isLoading: true }, listeners: new Set(), stop: () => undefined, fetching: false, fetchAgain: false }
    entries.set(runId, entry)
    entry.stop = liveRuns.onEvent(runId, (event) => {
      if (CHANGES_WAITS.has(event.type)) load(runId, entry)
    })
    load(runId, entry)
    return entry
  }

  return {
    getState: (runId) => entries.get(runId)?.state ?? EMPTY,
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
    put(wait) {
      const entry = entries.get(wait.runId)
      if (!entry) return
      const known = entry.state.waits.some((w) => w.id === wait.id)
      set(entry, { waits: known ? entry.state.waits.map((w) => (w.id === wait.id ? wait : w)) : [...entry.state.waits, wait] })
    },
    refresh(runId) {
      const entry = entries.get(runId)
      if (entry) load(runId, entry)
    },
  }
}

/**
 * The wait a run is suspended on, among its waits: the one `waitingFor.waitId` names, or (from a server that does not
 * send the id) the pending wait of that name (`invoke:<step>` for a child run). Null when the run waits for no signal,
 * event or child run, or the wait is not known yet.
 */
export function currentWait(waitingFor: WaitingFor | null, waits: readonly DurableWait[]): DurableWait | null {
  if (waitingFor?.kind !== 'signal' && waitingFor?.kind !== 'event' && waitingFor?.kind !== 'child') return null
  if (waitingFor.waitId) return waits.find((wait) => wait.id === waitingFor.waitId) ?? null
  const name = waitingFor.kind === 'child' ? `invoke:${waitingFor.stepName}` : waitingFor.stepName
  return waits.findLast((wait) => wait.status === 'pending' && wait.name === name) ?? null
}
