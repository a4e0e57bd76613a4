// The shapes of events sent to waiting runs (types only, so the engine's public types can name them without their code).

/** What sending an event did: how many waits matched, and the runs whose wait it resolved. */
export interface EventDelivery {
  eventId: string
  matched: number
  woken: string[]
}

/** What `step.waitForEvent` answers: the event that matched, or that the deadline came first. */
export type EventWaitResult = { type: 'event'; eventId: string; payload: unknown } | { type: 'timeout' }

export interface WaitForEventOptions {
  /** The event name to wait for (`order.paid`). */
  event: string
  /** Fields the event's payload must have, with equal values (`{ orderId: 'o-1' }`); none: any event of the name. */
  match?: Record<string, unknown>
  /** The wait resolves as a timeout this long after it was first prepared (milliseconds). */
  timeoutMs?: number
}

/** A sent event as the events view lists it. */
export interface SentEvent {
  id: string
  name: string
  payload: unknown
  matched: number
  wokenRuns: string[]
  createdAt: string
}

export interface EventOperations {
  /**
   * Sends an event: every wait for `name` whose match the payload meets resolves, each exactly once (sending the same
   * `id` again wakes nothing more). Waits prepared after the event do not see it.
   */
  sendEvent(name: string, payload: unknown, options?: { id?: string }): Promise<EventDelivery>
  /** The newest sent events (of one name, or all), newest first, with the runs each woke. */
  listEvents(filter?: { name?: string; limit?: number }): Promise<SentEvent[]>
}
