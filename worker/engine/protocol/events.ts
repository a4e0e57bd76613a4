// Run events, named `noun:verb` as the durably protocol names them (types inferred from their schemas), and the
// sets of event types the engine acts on.
import type { z } from 'zod'
import type { eventBaseSchema, runEventBodySchema } from './event-schemas'

type EventBase = z.output<typeof eventBaseSchema>

/** The body of each kind of event (inferred from its schema in event-schemas.ts). */
export type RunEventBody = z.output<typeof runEventBodySchema>

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
  'run:waiting',
  'run:complete',
  'run:fail',
  'run:cancel',
  'run:delete',
])

export function isTerminalEvent(event: { type: string }): boolean {
  return TERMINAL_EVENT_TYPES.has(event.type as EventType)
}
