// Shown instead of the sign-in form when the server has no API token: nobody can sign in until one is set.
import { useState } from 'react'
import { dashboardClient } from '../lib/dashboard-client'

export function NoTokenNotice() {
  const { recheck } = dashboardClient.useAuth()
  const [checking, setChecking] = useState(false)

  const checkAgain = async () => {
    setChecking(true)
    try {
      await recheck()
    } finally {
      setChecking(false)
    }
  }

  return (
    <section className="card sign-in" aria-labelledby="no-token-title">
      <h1 id="no-token-title">No access token set</h1>
      <p>
        This Stepflare server has no API token, so nobody can sign in and the API refuses every request. Set one
        for the deployed Worker (it takes effect at once):
      </p>
      <pre>
        <code>npx wrangler secret put STEPFLARE_API_TOKEN</code>
      </pre>
      <p className="muted">
        For local development without a token, put <code>STEPFLARE_OPEN_ACCESS=true</code> in <code>.dev.vars</code>{' '}
        and restart <code>wrangler dev</code>.
      </p>
      <button type="button" className="button" onClick={checkAgain} disabled={checking}>
        {checking ? 'Checking…' : 'Check again'}
      </button>
    </section>
  )
}
