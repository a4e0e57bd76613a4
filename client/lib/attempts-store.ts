// Subscribable store of a run's step attempts (GET /attempts), fetched when a step's attempts are opened and again
// when the stream reports that step's next attempt ending.
import type { Api } from './api'
import type { LiveRunStore } from './live-run-store'
import type { Attempt, DurablyEvent } from './types'

type Listener = () => void

export interface AttemptsState {
  /** Every attempt of the run's steps, by step then attempt number. */
  attempts: Attempt[]
  isLoading: boolean
  error: string | null
}

export interface AttemptsStore {
  getState(runId: string): AttemptsState
  /** Watches the attempts of one step of a run: fetched now, and again when that step's attempt ends on the stream. */
  subscribe(runId: string, stepIndex: number, listener: Listener): () => void
}

interface Entry {
  state: AttemptsState
  listeners: Set<Listener>
  /** Open steps (by index) and how many watchers each has. */
  watched: Map<number, number>
  stop: () => void
  fetching: boolean
  fetchAgain: boolean
}

const EMPTY: AttemptsState = { attempts: [], isLoading: false, error: null }
/** Events that end an attempt of a step: its attempts change. */
const ENDS_ATTEMPT = new Set<DurablyEvent['type']>(['step:retry', 'step:complete', 'step:fail'])

export function createAttemptsStore(api: Pick<Api, 'getAttempts'>, liveRuns: Pick<LiveRunStore, 'onEvent'>): AttemptsStore {
  const entries = new Map<string, Entry>()

  function set(entry: Entry, patch: Partial<AttemptsState>): void {
    entry.state = { ...entry.state, ...patch }
    for (const listener of [...entry.listeners]) listener()
  }

  function load(runId: string, entry: Entry): void {
    if (entry.fetching) return void (entry.fetchAgain = true)
    entry.fetching = true
    set(entry, { isLoading: true })
    api
      .getAttempts(runId)
      .then((attempts) => set(entry, { attempts, isLoading: false, error: null }))
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
    const entry: Entry = { state: EMPTY, listeners: new Set(), watched: new Map(), stop: () => undefined, fetching: false, fetchAgain: false }
    entries.set(runId, entry)
    entry.stop = liveRuns.onEvent(runId, (event) => {
      if (ENDS_ATTEMPT.has(event.type) && 'stepIndex' in event && entry.watched.has(event.stepIndex)) load(runId, entry)
    })
    return entry
  }

  return {
    getState: (runId) => entries.get(runId)?.state ?? EMPTY,
    subscribe(runId, stepIndex, listener) {
      const entry = entries.get(runId) ?? open(runId)
      entry.listeners.add(listener)
      entry.watched.set(stepIndex, (entry.watched.get(stepIndex) ?? 0) + 1)
      load(runId, entry)
      let active = true
      return () => {
        if (!active) return
        active = false
        entry.listeners.delete(listener)
        const left = (entry.watched.get(stepIndex) ?? 1) - 1
        if (left > 0) entry.watched.set(stepIndex, left)
        else entry.watched.delete(stepIndex)
        if (entry.listeners.size > 0) return
        entry.stop()
        entries.delete(runId)
      }
    },
  }
}

/** The attempts of one step, oldest first. */
export function attemptsOfStep(attempts: Attempt[], stepIndex: number): Attempt[] {
  return attempts.filter((attempt) => attempt.stepIndex === stepIndex).sort((a, b) => a.attempt - b.attempt)
}
