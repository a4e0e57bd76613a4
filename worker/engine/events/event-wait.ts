// Checks of `step.waitForEvent` and the shape of its answer (the event's id and payload, or a timeout).
import type { DurableWaitResult } from '../protocol/records'
import { checkWaitOptions } from '../waits/wait-options'
import { matchProblem } from './event-match'
import type { EventWaitResult, WaitForEventOptions } from './event-types'

export const MAX_EVENT_NAME_LENGTH = 200
/** An event name: letters, digits, `.`, `_`, `:`, `/` and `-` (`order.paid`, `ci/build:done`). */
export const EVENT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/-]*$/

/** A problem with an event name, or null. */
export function eventNameProblem(name: unknown): string | null {
  if (typeof name !== 'string' || name.length === 0) return 'is required'
  if (name.length > MAX_EVENT_NAME_LENGTH) return `must be at most ${MAX_EVENT_NAME_LENGTH} characters`
  if (!EVENT_NAME_PATTERN.test(name)) return "must be letters, digits, '.', '_', ':', '/' or '-', starting with a letter or digit"
  return null
}

/** Throws a TypeError naming what is wrong with a `waitForEvent` call. */
export function checkEventWait(name: string, options: WaitForEventOptions): void {
  const eventProblem = eventNameProblem(options?.event)
  if (eventProblem) throw new TypeError(`step.waitForEvent("${name}") event ${eventProblem}`)
  const problem = matchProblem(options.match)
  if (problem) throw new TypeError(`step.waitForEvent("${name}") match ${problem}`)
  checkWaitOptions(name, { timeoutMs: options.timeoutMs })
}

/** The wait's result as `waitForEvent` answers it: the event (its id and payload), or a timeout. */
export function eventResult(result: DurableWaitResult): EventWaitResult {
  if (result.type === 'timeout') return result
  const delivered = result.payload as { eventId?: string; payload?: unknown } | null
  return { type: 'event', eventId: delivered?.eventId ?? '', payload: delivered?.payload ?? null }
}
