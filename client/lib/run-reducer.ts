// Pure reducer: turns durably SSE events (and fetched history) into the client's state of one run.
import { isTerminalStatus } from './statuses'
import type { ClientRun, DurablyEvent, LogEntry, RunState, RunStatus, StepProgress } from './types'

export { isTerminalStatus }

export function initialRunState(runId: string | null): RunState {
  return {
    runId,
    run: null,
    status: null,
    progress: null,
    output: null,
    error: null,
    wakeAt: null,
    waitingFor: null,
    logs: [],
    steps: [],
    lastSequence: 0,
    isDeleted: false,
    connection: 'idle',
    logsLoaded: false,
  }
}

/** Anything the store feeds the reducer besides raw events. */
export type RunAction =
  | { type: 'event'; event: DurablyEvent }
  | { type: 'run:loaded'; run: ClientRun }
  | { type: 'logs:loaded'; logs: LogEntry[] }
  | { type: 'run:missing' }
  | { type: 'connection'; connection: RunState['connection'] }

export function reduceRun(state: RunState, action: RunAction): RunState {
  switch (action.type) {
    case 'event':
      return applyEvent(state, action.event)
    case 'run:loaded':
      return applyRun(state, action.run)
    case 'logs:loaded':
      return { ...state, logs: mergeLogs(state.logs, action.logs), logsLoaded: true }
    case 'run:missing':
      return { ...state, isDeleted: true, connection: 'closed' }
    case 'connection':
      return state.connection === action.connection ? state : { ...state, connection: action.connection }
  }
}

/** Applies one event; a late non-terminal event never moves a finished run backwards. */
export function applyEvent(state: RunState, event: DurablyEvent): RunState {
  const next = reduceEventBody(state, event)
  const lastSequence = Math.max(state.lastSequence, event.sequence || 0)
  return next === state && lastSequence === state.lastSequence ? state : { ...next, lastSequence }
}

function reduceEventBody(state: RunState, event: DurablyEvent): RunState {
  switch (event.type) {
    case 'run:snapshot':
      return applyRun(state, event.run)
    case 'run:trigger':
      return withStatus(state, 'pending')
    case 'run:leased':
      return resumed(withStatus(state, 'leased'))
    case 'run:waiting':
      if (isTerminalStatus(state.status)) return state
      return { ...state, status: 'waiting', waitingFor: event.waitingFor, wakeAt: event.wakeAt }
    case 'run:progress':
      return isTerminalStatus(state.status) ? state : { ...state, progress: event.progress }
    case 'step:start':
      return startStep(state, event.stepIndex, event.stepName, event.timestamp, event.attempt ?? 1)
    case 'step:retry':
      return retryStep(state, event)
    case 'step:complete':
      return finishStep(state, event.stepIndex, event.stepName, event.timestamp, 'completed', null, event.duration)
    case 'step:fail':
      return finishStep(state, event.stepIndex, event.stepName, event.timestamp, 'failed', event.error, null, event.attempt)
    case 'step:cancel':
      return finishStep(state, event.stepIndex, event.stepName, event.timestamp, 'cancelled', null, null)
    case 'log:write':
      return { ...state, logs: mergeLogs(state.logs, [logFromEvent(event)]) }
    case 'run:complete':
      return { ...state, ...NOT_WAITING, status: 'completed', output: event.output ?? null, error: null }
    case 'run:fail':
      return { ...state, ...NOT_WAITING, status: 'failed', error: event.error }
    case 'run:cancel':
      return { ...state, ...NOT_WAITING, status: 'cancelled' }
    case 'run:delete':
      return { ...state, isDeleted: true }
    default:
      return state
  }
}

const NOT_WAITING = { wakeAt: null, waitingFor: null } as const

function withStatus(state: RunState, status: RunStatus): RunState {
  if (isTerminalStatus(state.status) || state.status === status) return state
  if (status === 'pending' && (state.status === 'leased' || state.status === 'waiting')) return state
  return { ...state, status }
}

/** A run that leaves its wait (leased again) waits for nothing any more; a delayed run's start time has come. */
function resumed(state: RunState): RunState {
  if (isTerminalStatus(state.status) || (state.waitingFor === null && state.wakeAt === null)) return state
  return { ...state, ...NOT_WAITING }
}

/** Takes the server's full view of a run (snapshot or GET /run). */
function applyRun(state: RunState, run: ClientRun): RunState {
  const keepTerminal = isTerminalStatus(state.status) && !isTerminalStatus(run.status)
  return {
    ...state,
    runId: run.id,
    run,
    status: keepTerminal ? state.status : run.status,
    progress: run.progress ?? state.progress,
    output: keepTerminal ? state.output : (run.output ?? null),
    error: keepTerminal ? state.error : run.error,
    wakeAt: keepTerminal ? null : (run.wakeAt ?? null),
    waitingFor: keepTerminal ? null : (run.waitingFor ?? null),
  }
}

function withStep(state: RunState, step: StepProgress): RunState {
  // Steps mostly arrive in order: the newest is appended or replaced without sorting the run's whole list.
  const last = state.steps.at(-1)
  if (!last || step.index > last.index) return { ...state, steps: [...state.steps, step] }
  if (step.index === last.index) return { ...state, steps: [...state.steps.slice(0, -1), step] }
  const others = state.steps.filter((s) => s.index !== step.index)
  return { ...state, steps: [...others, step].sort((a, b) => a.index - b.index) }
}

/** A step (re)starts; a retried step keeps the start of its first attempt, so its bar covers every attempt. */
function startStep(state: RunState, index: number, name: string, at: string, attempt: number): RunState {
  const known = state.steps.find((s) => s.index === index)
  if (known && known.status !== 'running' && known.status !== 'retrying') return state
  const startedAt = known?.status === 'retrying' ? known.startedAt : at
  return withStep(state, { name, index, status: 'running', startedAt, completedAt: null, durationMs: null, error: null, attempt })
}

/** An attempt failed and the next is due: the step shows as retrying, with that attempt's number and error. */
function retryStep(state: RunState, event: Extract<DurablyEvent, { type: 'step:retry' }>): RunState {
  const known = state.steps.find((s) => s.index === event.stepIndex)
  if (known && known.status !== 'running' && known.status !== 'retrying') return state
  return withStep(state, {
    name: event.stepName, index: event.stepIndex, status: 'retrying', startedAt: known?.startedAt ?? event.attemptStartedAt,
    completedAt: null, durationMs: null, error: event.error, attempt: event.attempt,
  })
}

function finishStep(
  state: RunState,
  index: number,
  name: string,
  at: string,
  status: StepProgress['status'],
  error: string | null,
  durationMs: number | null,
  attempt?: number,
): RunState {
  const started = state.steps.find((s) => s.index === index)
  const startedAt = started?.startedAt ?? (durationMs !== null ? new Date(Date.parse(at) - durationMs).toISOString() : at)
  const duration = durationMs ?? Math.max(0, Date.parse(at) - Date.parse(startedAt))
  const number = attempt ?? started?.attempt ?? 1
  return withStep(state, { name, index, status, startedAt, completedAt: at, durationMs: duration, error, attempt: number })
}

function logFromEvent(event: Extract<DurablyEvent, { type: 'log:write' }>): LogEntry {
  return {
    id: `${event.runId}:${event.sequence}`,
    runId: event.runId,
    sequence: event.sequence,
    stepName: event.stepName,
    level: event.level,
    message: event.message,
    data: event.data,
    timestamp: event.timestamp,
  }
}

/** Merges log lines by sequence: duplicates (history overlapping live) collapse, order is the run's order. */
export function mergeLogs(current: LogEntry[], incoming: LogEntry[]): LogEntry[] {
  if (incoming.length === 0) return current
  // A live line after the last one known is appended without rebuilding the run's whole log.
  const [only] = incoming
  if (incoming.length === 1 && only && only.sequence > (current.at(-1)?.sequence ?? Number.NEGATIVE_INFINITY)) return [...current, only]
  const bySequence = new Map<number, LogEntry>()
  for (const log of current) bySequence.set(log.sequence, log)
  let changed = false
  for (const log of incoming) {
    if (!bySequence.has(log.sequence)) {
      bySequence.set(log.sequence, log)
      changed = true
    }
  }
  if (!changed) return current
  return [...bySequence.values()].sort((a, b) => a.sequence - b.sequence)
}
