// Hook: whether the API wants a sign-in, and a signIn(token) that sets the session cookie and retries.
import { useCallback, useSyncExternalStore } from 'react'
import type { DurablyCore } from './core'

export interface UseAuthResult {
  required: boolean
  signIn(token: string): Promise<void>
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
  return { required: state.required, signIn }
}
