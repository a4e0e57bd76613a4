// Hook: whether the API wants a sign-in and whether the server has a token, signIn(token) and a recheck of the server.
import { useCallback, useSyncExternalStore } from 'react'
import type { DurablyCore } from './core'

export interface UseAuthResult {
  required: boolean
  /** Whether the server has an API token; null while not known. False: nobody can sign in until one is set. */
  configured: boolean | null
  signIn(token: string): Promise<void>
  /** Asks the server again (after a token was set); views retry when it now lets this browser in. */
  recheck(): Promise<void>
}

export function useAuth(core: DurablyCore): UseAuthResult {
  const state = useSyncExternalStore(core.auth.subscribe, core.auth.getState, core.auth.getState)
  const signIn = useCallback(
    async (token: string) => {
      await core.api.signIn(token)
      core.auth.markSignedIn()
    },
    [core],
  )
  return { required: state.required, configured: state.configured, signIn, recheck: core.auth.recheck }
}
