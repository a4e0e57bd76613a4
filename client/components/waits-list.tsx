// A run's durable waits on its page: name, status and outcome, the answer, when each was prepared, suspended and
// resolved, and how long it waited for its answer and then for a worker.
import { waitStatusText, waitTimesText } from '../format/describe-wait-record'
import { formatDateTime } from '../format/format-time'
import type { DurableWait } from '../lib/types'
import { JsonView } from './json-view'

export function WaitsList({ waits }: { waits: DurableWait[] }) {
  return (
    <ol className="waits" aria-label="Waits of this run">
      {waits.map((wait) => (
        <li key={wait.id} className="wait" data-wait={wait.name} data-status={wait.status}>
          <p className="wait-head">
            <strong>{wait.name}</strong> <span className="wait-status" data-outcome={wait.outcome ?? undefined}>{waitStatusText(wait)}</span>
            {wait.signalId && <span className="muted"> · signal <code>{wait.signalId}</code></span>}
          </p>
          <dl className="wait-times">
            <Time term="Prepared" at={wait.createdAt} />
            <Time term="Suspended" at={wait.suspendedAt} />
            <Time term="Deadline" at={wait.deadlineAt} />
            <Time term="Resolved" at={wait.resolvedAt} />
          </dl>
          {waitTimesText(wait) && <p className="muted">{waitTimesText(wait)}.</p>}
          {wait.outcome === 'signal' && <JsonView value={wait.payload} label={`Answer to ${wait.name}`} />}
        </li>
      ))}
    </ol>
  )
}

function Time({ term, at }: { term: string; at: string | null }) {
  if (!at) return null
  return (
    <div>
      <dt>{term}</dt>
      <dd>
        <time dateTime={at}>{formatDateTime(at)}</time>
      </dd>
    </div>
  )
}
