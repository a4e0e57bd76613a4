// What the app shows once the API answered 401: the sign-in form, or how to set a token when the server has none.
import { dashboardClient } from '../lib/dashboard-client'
import { NoTokenNotice } from './no-token-notice'
import { SignInForm } from './sign-in-form'

export function AccessScreen() {
  const { configured } = dashboardClient.useAuth()
  if (configured === null) {
    return (
      <p className="sign-in muted" role="status">
        Checking access…
      </p>
    )
  }
  return configured ? <SignInForm /> : <NoTokenNotice />
}
