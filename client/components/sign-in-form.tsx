// Shown when the API answers 401 and the server has a token: asks for it, signs in (session cookie), views retry.
import { useState, type FormEvent } from 'react'
import { dashboardClient } from '../lib/dashboard-client'
import { ErrorMessage } from './error-message'

export function SignInForm() {
  const { signIn } = dashboardClient.useAuth()
  const [token, setToken] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await signIn(token.trim())
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Sign-in failed')
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      <p className="muted">This Stepflare instance is protected. Enter the access token to continue.</p>
      <form onSubmit={submit}>
        <label htmlFor="token">Access token</label>
        <input
          id="token"
          type="password"
          autoComplete="current-password"
          value={token}
          onChange={(e) => setToken(e.target.value)}
          required
          autoFocus
        />
        {error && <ErrorMessage>{error}</ErrorMessage>}
        <button type="submit" className="button button-primary" disabled={busy || token.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </section>
  )
}
