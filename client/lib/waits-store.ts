// Subscribable store of a run's durable waits (GET /waits): fetched while shown, and again when the run starts or
// stops waiting or ends, so a wait's answer, outcome and times appear without a reload.
import type { Api } from './api'
import type { LiveRunStore } from './live-run-store'
import { createRunFetchStore } from './run-fetch-store'
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

const EMPTY: WaitsState = { waits: [], isLoading: false, error: null }
/** Events after which a run's waits read differently: suspended, resumed, or ended (waits closed). */
export const CHANGES_WAITS = new Set<DurablyEvent['type']>(['run:waiting', 'run:leased', 'run:complete', 'run:fail', 'run:cancel'])

export function createWaitsStore(api: Pick<Api, 'waits'>, liveRuns: Pick<LiveRunStore, 'onEvent'>): WaitsStore {
  const store = createRunFetchStore<WaitsState>({
    empty: EMPTY,
    fetch: async (runId) => ({ waits: await api.waits.list(runId) }),
    liveRuns,
    refetchOn: CHANGES_WAITS,
  })
  return {
    getState: store.getState,
    subscribe: store.subscribe,
    refresh: store.refresh,
    put(wait) {
      store.update(wait.runId, ({ waits }) => {
        const known = waits.some((w) => w.id === wait.id)
        return { waits: known ? waits.map((w) => (w.id === wait.id ? wait : w)) : [...waits, wait] }
      })
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
