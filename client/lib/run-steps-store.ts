// Subscribable store of a run's step timeline: the steps its stream's snapshot carries, kept current from step events.
import type { Api } from './api'
import type { LiveRunStore } from './live-run-store'
import type { DurablyEvent, Step } from './types'

type Listener = () => void

/** One row of a run's timeline: a stored step, or one the stream reported (the running one included). */
export interface TimelineStep {
  name: string
  index: number
  /** `retrying`: an attempt failed and the next one is due. */
  status: 'running' | 'retrying' | Step['status']
  startedAt: string
  completedAt: string | null
  /** The step's error; while retrying, what the attempt that failed ended with. */
  error: string | null
  /** Attempts known so far: the running one's number, the failed one's while retrying, or the stored count. */
  attempts: number
}

const isFinished = (step: TimelineStep | undefined) => step !== undefined && step.status !== 'running' && step.status !== 'retrying'

export interface RunStepsStore {
  getSteps(runId: string): TimelineStep[]
  /** Watches a run's steps (and so its stream) while at least one subscriber remains. */
  subscribe(runId: string, listener: Listener): () => void
}

interface Entry {
  byIndex: Map<number, TimelineStep>
  steps: TimelineStep[]
  listeners: Set<Listener>
  stop: () => void
  /** Whether the stored steps were had (from a snapshot) or asked for at least once. */
  requested: boolean
  fetching: boolean
  fetchAgain: boolean
}

const EMPTY: TimelineStep[] = []

/**
 * A run's stream starts from a snapshot (on opening, and when a reconnect could not replay what was missed) that
 * carries the run's finished steps; every `step:*` event after that is applied here, so the timeline costs no request.
 * `GET /steps` is asked only when the snapshot left earlier steps out (a huge run) or carried none (another server),
 * or when the run became known without this store hearing its snapshot.
 */
export function createRunStepsStore(api: Pick<Api, 'getSteps'>, liveRuns: LiveRunStore): RunStepsStore {
  const entries = new Map<string, Entry>()

  function publish(entry: Entry): void {
    entry.steps = [...entry.byIndex.values()].sort((a, b) => a.index - b.index)
    for (const listener of [...entry.listeners]) listener()
  }

  /** A finished step is final: only another finished report (the stored record) replaces it. */
  function put(entry: Entry, step: TimelineStep): void {
    const known = entry.byIndex.get(step.index)
    if (isFinished(known) && !isFinished(step)) return
    entry.byIndex.set(step.index, step)
  }

  function fetchStored(runId: string, entry: Entry): void {
    entry.requested = true
    if (entry.fetching) return void (entry.fetchAgain = true)
    entry.fetching = true
    api
      .getSteps(runId)
      .then((stored) => {
        for (const step of stored) put(entry, fromStored(step))
        publish(entry)
      })
      .catch(() => undefined)
      .finally(() => {
        entry.fetching = false
        if (entry.fetchAgain && entries.get(runId) === entry) {
          entry.fetchAgain = false
          fetchStored(runId, entry)
        }
      })
  }

  function fromSnapshot(runId: string, entry: Entry, event: Extract<DurablyEvent, { type: 'run:snapshot' }>): void {
    if (!Array.isArray(event.steps)) return fetchStored(runId, entry)
    entry.requested = true
    for (const step of event.steps) put(entry, fromStored(step))
    const waiting = waitingRow(event)
    if (waiting && !entry.byIndex.has(waiting.index)) put(entry, waiting)
    publish(entry)
    if ((event.stepsOmitted ?? 0) > 0) fetchStored(runId, entry)
  }

  function onEvent(runId: string, entry: Entry, event: DurablyEvent): void {
    if (event.type === 'run:snapshot') return fromSnapshot(runId, entry, event)
    const step = fromEvent(entry.byIndex, event)
    if (!step) return
    put(entry, step)
    publish(entry)
  }

  function open(runId: string): Entry {
    const entry: Entry = {
      byIndex: new Map(), steps: EMPTY, listeners: new Set(), stop: () => undefined,
      requested: false, fetching: false, fetchAgain: false,
    }
    entries.set(runId, entry)
    // The run became known some other way than a snapshot of this stream: its stream had started before (another
    // view opened it), or it could not be read and GET /run answered. Snapshot events are heard before this runs.
    const whenKnown = () => {
      if (!entry.requested && liveRuns.getState(runId).run !== null) fetchStored(runId, entry)
    }
    const stopEvents = liveRuns.onEvent(runId, (event) => onEvent(runId, entry, event))
    const stopRun = liveRuns.subscribe(runId, whenKnown)
    entry.stop = () => {
      stopEvents()
      stopRun()
    }
    whenKnown()
    return entry
  }

  return {
    getSteps: (runId) => entries.get(runId)?.steps ?? EMPTY,
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
  }
}

function fromStored(step: Step): TimelineStep {
  const { name, index, status, startedAt, completedAt, error } = step
  return { name, index, status, startedAt, completedAt, error, attempts: step.attempts ?? 1 }
}

/**
 * The step a run waits in (a retry's backoff, a sleep), which a snapshot's finished steps leave out: its row as far as
 * the run tells it (the wait's own start is not known, so the row starts at the snapshot).
 */
function waitingRow(event: Extract<DurablyEvent, { type: 'run:snapshot' }>): TimelineStep | null {
  const wait = event.run.status === 'waiting' ? event.run.waitingFor : null
  if (!wait || wait.kind === 'delay' || wait.stepName === null || wait.stepIndex === null) return null
  const retry = wait.kind === 'retry'
  return {
    name: wait.stepName, index: wait.stepIndex, status: retry ? 'retrying' : 'running', startedAt: event.timestamp,
    completedAt: null, error: retry ? wait.error : null, attempts: retry ? Math.max(1, (wait.attempt ?? 2) - 1) : 1,
  }
}

/** The timeline row a step event describes; a finish without a known start is placed by its duration. */
function fromEvent(known: Map<number, TimelineStep>, event: DurablyEvent): TimelineStep | null {
  switch (event.type) {
    case 'step:start': {
      // A retried step keeps its first attempt's start, so its bar covers every attempt.
      const retried = known.get(event.stepIndex)?.status === 'retrying'
      return row(event, 'running', retried ? startOf(known, event, null) : event.timestamp, null, event.attempt ?? 1)
    }
    case 'step:retry':
      return row(event, 'retrying', known.get(event.stepIndex)?.startedAt ?? event.attemptStartedAt, event.error, event.attempt)
    case 'step:complete':
      return row(event, 'completed', startOf(known, event, event.duration), null, attemptsOf(known, event))
    case 'step:fail':
      return row(event, 'failed', startOf(known, event, null), event.error, event.attempt ?? attemptsOf(known, event))
    case 'step:cancel':
      return row(event, 'cancelled', startOf(known, event, null), null, attemptsOf(known, event))
    default:
      return null
  }
}

type StepEvent = Extract<DurablyEvent, { stepIndex: number }>

function row(event: StepEvent, status: TimelineStep['status'], startedAt: string, error: string | null, attempts: number): TimelineStep {
  const completedAt = status === 'running' || status === 'retrying' ? null : event.timestamp
  return { name: event.stepName, index: event.stepIndex, status, startedAt, completedAt, error, attempts }
}

/** The attempt a step finished on: the one that was running, or the first when its start was not heard. */
function attemptsOf(known: Map<number, TimelineStep>, event: StepEvent): number {
  return known.get(event.stepIndex)?.attempts ?? 1
}

function startOf(known: Map<number, TimelineStep>, event: StepEvent, durationMs: number | null): string {
  const started = known.get(event.stepIndex)?.startedAt
  if (started) return started
  return durationMs !== null ? new Date(Date.parse(event.timestamp) - durationMs).toISOString() : event.timestamp
}
