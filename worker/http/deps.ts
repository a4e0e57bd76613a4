// What every route of the handler shares: the durably instance, the auth hooks and the limits.
import type { AnyDurably } from '../engine/types'
import type { AuthConfig } from './types'

/** Hono environment of the handler's routes: the authenticated caller's context travels in `authContext`. */
export interface HandlerEnv {
  Variables: { authContext: unknown }
}

export interface HandlerDeps {
  durably: AnyDurably
  /** The auth hooks with the caller context erased to `unknown` (it is whatever `authenticate` returned). */
  auth: AuthConfig<unknown> | undefined
  onRequest: (() => void | Promise<void>) | undefined
  throttleMs: number
  maxBodyBytes: number
  maxInputBytes: number
}
