// Links to the runs an event woke, by short id, as an inline list.
import { Link } from '../router/link'
import { shortId } from './run-action-buttons'

export function WokenRuns({ runIds }: { runIds: readonly string[] }) {
  return (
    <span className="woken-runs">
      {runIds.map((runId, index) => (
        <span key={runId}>
          {index > 0 && ', '}
          <Link href={`/runs/${encodeURIComponent(runId)}`} className="woken-link" data-run-id={runId}>
            run <code>{shortId(runId)}</code>
          </Link>
        </span>
      ))}
    </span>
  )
}
