// The event operations of the durably instance: checks in the Worker, then one call to the event name's object.
import { eventStub, type EngineEnv } from '../bindings'
import { listEvents } from '../d1/event-store'
import { PayloadTooLargeError, ValidationError } from '../errors'
import { newId } from '../ids'
import { MAX_WAIT_JSON_BYTES, jsonBytes } from '../waits/wait-options'
import type { EventDelivery, EventOperations } from './event-types'
import { eventNameProblem } from './event-wait'

/** Longest event id a sender may choose, and its characters. */
export const MAX_EVENT_ID_LENGTH = 128
export const EVENT_ID_PATTERN = /^[A-Za-z0-9._:-]+$/
export const MAX_EVENTS_PAGE = 200

function invalid(path: string, message: string): ValidationError {
  return new ValidationError(`${path} ${message}`, [{ path, message }])
}

export function eventOperations(bindings: () => EngineEnv): EventOperations {
  return {
    async sendEvent(name, payload, options = {}) {
      const nameProblem = eventNameProblem(name)
      if (nameProblem) throw invalid('name', nameProblem)
      const id = options.id ?? newId()
      if (typeof id !== 'string' || id.length === 0 || id.length > MAX_EVENT_ID_LENGTH || !EVENT_ID_PATTERN.test(id)) {
        throw invalid('id', `must be 1 to ${MAX_EVENT_ID_LENGTH} letters, digits, '.', '_', ':' or '-'`)
      }
      const bytes = jsonBytes(payload)
      if (bytes === null) throw invalid('payload', 'must be JSON')
      if (bytes > MAX_WAIT_JSON_BYTES) throw new PayloadTooLargeError(`The event payload is ${bytes} bytes as JSON; at most ${MAX_WAIT_JSON_BYTES}`)
      return (await eventStub(bindings(), name).send(id, name, payload ?? null)) as EventDelivery
    },
    listEvents(filter = {}) {
      const limit = Math.min(Math.max(1, filter.limit ?? 50), MAX_EVENTS_PAGE)
      return listEvents(bindings().DB, { name: filter.name, limit })
    },
  }
}
