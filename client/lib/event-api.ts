// The event calls of the API (GET /events, POST /events), typed by the server's routes.
import type { EventDelivery, SentEvent } from '../../worker/engine/events/event-types'
import type { ApiRoutes, ReadJson } from './api-routes'

export type { EventDelivery, SentEvent }

/** What sending an event takes: its name, its JSON payload and, optionally, an id (the same id again wakes nothing). */
export interface NewEvent {
  name: string
  payload: unknown
  id?: string
}

export function createEventApi(routes: ApiRoutes, json: ReadJson) {
  return {
    /** The newest sent events (of one name, or all), newest first, with the runs each woke. */
    list: (filter: { name?: string; limit?: number } = {}): Promise<SentEvent[]> =>
      json(
        routes.events.$get({
          query: {
            ...(filter.name ? { name: filter.name } : {}),
            ...(filter.limit === undefined ? {} : { limit: String(filter.limit) }),
          },
        }),
      ),
    /** Sends an event to the runs waiting for it; errors come as ApiError (400 issues by field, 403, 413). */
    send: (event: NewEvent): Promise<EventDelivery> => json(routes.events.$post({ json: event })),
  }
}

export type EventApi = ReturnType<typeof createEventApi>
