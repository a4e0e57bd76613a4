// Hook: sign-in state (required, token configured, signed in), signIn(token), signOut() and a recheck of the server.
import { useCallback, useSyncExternalStore } from 'react'
import type { DurablyCore } from './core'

export interface UseAuthResult {
  required: boolean
  /** Whether the server has an API token; null while not known. False: nobody can sign in until one is set. */
  configured: boolean | null
  /** Whether this browser holds a session (known after `refresh`, a sign-in or a 401). */
  signedIn: boolean
  signIn(token: string): Promise<void>
  /** Ends this browser's session on the server; the sign-in form shows next. */
  signOut(): Promise<void>
  /** Asks the server whether this browser is signed in. */
  refresh(): Promise<void>
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
  const signOut = useCallback(async () => {
    await core.api.signOut()
    core.auth.markRequired()
  }, [core])
  const { refresh, recheck } = core.auth
  const { required, configured, signedIn } = state
  return { required, configured, signedIn, signIn, signOut, refresh, recheck }
}
