// Sign-out in the header, shown while this browser holds a session: the session ends on the server too.
import { useEffect, useState } from 'react'
import { dashboardClient } from '../lib/dashboard-client'

export function SignOutButton() {
  const { signedIn, signOut, refresh } = dashboardClient.useAuth()
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    void refresh()
  }, [refresh])
  if (!signedIn) return null

  const submit = async () => {
    setFailed(false)
    try {
      await signOut()
    } catch {
      setFailed(true)
    }
  }

  return (
    <button type="button" className="button button-small button-ghost sign-out" onClick={submit}>
      {failed ? 'Sign out failed: try again' : 'Sign out'}
    </button>
  )
}
