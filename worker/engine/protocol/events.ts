// Run events, named `noun:verb` as the durably protocol names them; each carries its run's increasing sequence number.
import type { ClientRun, Labels, ProgressData, Step } from './records'
import type { LogLevel } from './statuses'

interface EventBase {
  runId: string
  jobName: string
  labels: Labels
  /** Increases by one per stored event of a run; it is the SSE `id:` of the event. */
  sequence: number
  timestamp: string
}

export type RunEventBody =
  | { type: 'run:trigger'; input: unknown }
  | { type: 'run:coalesced'; skippedInput: unknown; skippedLabels: Labels }
  | { type: 'run:leased'; input: unknown; leaseOwner: string; leaseExpiresAt: string }
  | { type: 'run:progress'; progress: ProgressData }
  | { type: 'step:start'; stepName: string; stepIndex: number }
  | { type: 'step:complete'; stepName: string; stepIndex: number; output: unknown; duration: number }
  | { type: 'step:fail'; stepName: string; stepIndex: number; error: string }
  | { type: 'step:cancel'; stepName: string; stepIndex: number }
  | { type: 'log:write'; stepName: string | null; level: LogLevel; message: string; data: unknown }
  | { type: 'run:complete'; output: unknown; duration: number }
  | { type: 'run:fail'; error: string; failedStepName: string }
  | { type: 'run:cancel' }
  | { type: 'run:delete' }
  /**
   * Stepflare's first event to a subscriber: the run as it is now (not stored; its id is the latest sequence), with
   * its finished steps in the shape of GET /steps items, oldest first: the newest ones only when `stepsOmitted` > 0.
   * Stepflare always sends both; a client reading another server finds them absent and asks GET /steps.
   */
  | { type: 'run:snapshot'; run: ClientRun; steps?: Step[]; stepsOmitted?: number }

export type DurablyEvent = RunEventBody & EventBase
export type EventType = DurablyEvent['type']
export type EventOf<T extends EventType> = Extract<DurablyEvent, { type: T }>

export const TERMINAL_EVENT_TYPES: ReadonlySet<EventType> = new Set([
  'run:complete',
  'run:fail',
  'run:cancel',
  'run:delete',
])

/** Events that change what the runs list shows; the feed forwards these (and throttled progress). */
export const LIFECYCLE_EVENT_TYPES: ReadonlySet<EventType> = new Set([
  'run:trigger',
  'run:coalesced',
  'run:leased',
  'run:complete',
  'run:fail',
  'run:cancel',
  'run:delete',
])

export function isTerminalEvent(event: { type: string }): boolean {
  return TERMINAL_EVENT_TYPES.has(event.type as EventType)
}
