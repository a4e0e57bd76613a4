// The API's routes as the server types them (`hc<AppType>`): paths, query parameters, bodies and answers.
import { hc } from 'hono/client'
import type { AppType } from '../../worker/app'

/** The routes below the API's mount point (`/api/durably` in AppType), with the server's request and answer types. */
export type ApiRoutes = ReturnType<typeof hc<AppType>>['api']['durably']

/**
 * The typed routes rooted at `base`. AppType mounts the API at /api/durably; `hc` only joins path segments, so the
 * same routes are addressed below whatever base the API is served at.
 */
export function createApiRoutes(base: string): ApiRoutes {
  return hc<AppType>(base, { init: { credentials: 'same-origin' } }) as unknown as ApiRoutes
}

/** Reads the JSON of an answer after the API's checks (401 to the auth store, errors as ApiError). */
export type ReadJson = <T>(pending: Promise<{ ok: boolean; status: number; statusText: string; headers: Headers; json(): Promise<T> }>) => Promise<T>
