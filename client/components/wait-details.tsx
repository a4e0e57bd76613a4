// What a run suspended on a wait tells about it, under the countdown: the deadline, and the wait's metadata (for an
// event, the event and the match it waits for; for a child run, the child's job).
import { formatDateTime } from '../format/format-time'
import type { DurableWait } from '../lib/types'
import { eventWaitOf, invokedJobOf } from '../lib/wait-metadata'
import { JsonView } from './json-view'

export function WaitDetails({ wait }: { wait: DurableWait | null }) {
  if (!wait) return null
  const event = eventWaitOf(wait)
  const job = invokedJobOf(wait)
  const until = event ? 'the event comes' : job ? 'the child run ends' : 'answered'
  return (
    <dl className="wait-details">
      <div>
        <dt>Deadline</dt>
        <dd>{wait.deadlineAt ? <time dateTime={wait.deadlineAt}>{formatDateTime(wait.deadlineAt)}</time> : `None: it waits until ${until}`}</dd>
      </div>
      {event ? (
        <>
          <div>
            <dt>Event</dt>
            <dd><code>{event.event}</code></dd>
          </div>
          <div>
            <dt>Match</dt>
            <dd>{event.match ? <JsonView value={event.match} label={`Match of ${wait.name}`} /> : `Any ${event.event} event`}</dd>
          </div>
        </>
      ) : job ? (
        <div>
          <dt>Child job</dt>
          <dd><code>{job}</code></dd>
        </div>
      ) : (
        <div>
          <dt>Details</dt>
          <dd>
            <JsonView value={wait.metadata} label={`Details of ${wait.name}`} />
          </dd>
        </div>
      )}
    </dl>
  )
}
