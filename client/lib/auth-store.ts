// Tracks whether the API asked us to sign in (a 401) and lets stores retry once the user has signed in.
type Listener = () => void

export interface AuthState {
  /** True after any request answered 401, until a sign-in succeeds. */
  required: boolean
  /** Bumped after each successful sign-in; stores watch it to refetch and reconnect. */
  version: number
}

export interface AuthStore {
  getState(): AuthState
  subscribe(listener: Listener): () => void
  markRequired(): void
  markSignedIn(): void
}

export function createAuthStore(): AuthStore {
  let state: AuthState = { required: false, version: 0 }
  const listeners = new Set<Listener>()
  const set = (next: AuthState) => {
    state = next
    for (const listener of [...listeners]) listener()
  }
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    markRequired() {
      if (!state.required) set({ ...state, required: true })
    },
    markSignedIn() {
      set({ required: false, version: state.version + 1 })
    },
  }
}
