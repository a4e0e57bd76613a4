// The wait calls of the API (GET /waits, GET /wait, POST /signal), typed by the server's routes.
import type { ApiRoutes, ReadJson } from './api-routes'
import type { DurableWait } from './types'

/** What answering a wait sends: an id the sender picks (a retry with it counts once) and the JSON payload. */
export interface SignalBody {
  signalId: string
  payload: unknown
}

/** The server's receipt: the answered wait, and whether this signal was new or a repeat of one already taken. */
export interface SignalReceipt {
  wait: DurableWait
  disposition: 'accepted' | 'duplicate'
}

export function createWaitApi(routes: ApiRoutes, json: ReadJson) {
  return {
    /** A run's durable waits, oldest first. */
    list: (runId: string): Promise<DurableWait[]> => json(routes.waits.$get({ query: { runId } })),
    /** One wait of a run. */
    get: (runId: string, waitId: string): Promise<DurableWait> => json(routes.wait.$get({ query: { runId, waitId } })),
    /** Answers a wait; errors come as ApiError (400 issues by field, 403, 404, 409, 410, 413). */
    signal: (runId: string, waitId: string, body: SignalBody): Promise<SignalReceipt> =>
      json(routes.signal.$post({ query: { runId, waitId }, json: body })),
  }
}

export type WaitApi = ReturnType<typeof createWaitApi>
