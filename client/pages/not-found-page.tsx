// Shown for any path the app does not know.
import { Link } from '../router/link'

export function NotFoundPage() {
  return (
    <div className="page page-narrow">
      <h1>Page not found</h1>
      <p>
        <Link href="/">Import contacts</Link> or <Link href="/runs">see all runs</Link>.
      </p>
    </div>
  )
}
