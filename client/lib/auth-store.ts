// Tracks whether the API asked us to sign in (a 401), whether the server has a token at all, and sign-in retries.
import type { InferResponseType } from 'hono/client'
import type { ApiRoutes } from './api-routes'

type Listener = () => void

export interface AuthState {
  /** True after any request answered 401, until a sign-in succeeds. */
  required: boolean
  /**
   * Whether the server has an API token, as GET /session said: false means nobody can sign in until one is set.
   * Null while not known: it is asked each time sign-in becomes required.
   */
  configured: boolean | null
  /** Whether this browser holds a session the server accepts (so signing out means something). */
  signedIn: boolean
  /** Bumped after each successful sign-in; stores watch it to refetch and reconnect. */
  version: number
}

/** What GET /session answers (authenticated, configured, required), as the server's route types it. */
export type SessionState = InferResponseType<ApiRoutes['session']['$get'], 200>

export interface AuthStore {
  getState(): AuthState
  subscribe(listener: Listener): () => void
  markRequired(): void
  markSignedIn(): void
  /** Asks the server whether this browser is signed in (and, while sign-in is required, whether it has a token). */
  refresh(): Promise<void>
  /** Asks the server again; when it now lets this browser in (a token was set with open access), views retry. */
  recheck(): Promise<void>
}

export interface AuthStoreOptions {
  /** Reads GET /session; without it, the server is taken to have a token. */
  readSession?: () => Promise<SessionState>
}

export function createAuthStore(options: AuthStoreOptions = {}): AuthStore {
  let state: AuthState = { required: false, configured: null, signedIn: false, version: 0 }
  const listeners = new Set<Listener>()
  const set = (next: AuthState) => {
    state = next
    for (const listener of [...listeners]) listener()
  }
  const markSignedIn = () => set({ required: false, configured: true, signedIn: true, version: state.version + 1 })

  /** Reads the session state; when that fails, the server is taken to have a token (the sign-in form shows). */
  async function readSession(): Promise<SessionState> {
    const assumed: SessionState = { authenticated: false, configured: true, required: true }
    if (!options.readSession) return assumed
    try {
      return await options.readSession()
    } catch {
      return assumed
    }
  }

  function learn(session: SessionState): void {
    const signedIn = session.required && session.authenticated
    set({ ...state, configured: state.required ? session.configured : state.configured, signedIn })
  }

  async function refresh(): Promise<void> {
    learn(await readSession())
  }

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    markRequired() {
      if (state.required) return
      set({ ...state, required: true, configured: null, signedIn: false })
      void refresh()
    },
    markSignedIn,
    refresh,
    async recheck() {
      const session = await readSession()
      if (session.authenticated && state.required) markSignedIn()
      else learn(session)
    },
  }
}
