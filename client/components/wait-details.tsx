// What a run suspended on a signal tells about its wait, under the countdown: the deadline and the wait's metadata.
import { formatDateTime } from '../format/format-time'
import type { DurableWait } from '../lib/types'
import { JsonView } from './json-view'

export function WaitDetails({ wait }: { wait: DurableWait | null }) {
  if (!wait) return null
  return (
    <dl className="wait-details">
      <div>
        <dt>Deadline</dt>
        <dd>{wait.deadlineAt ? <time dateTime={wait.deadlineAt}>{formatDateTime(wait.deadlineAt)}</time> : 'None: it waits until answered'}</dd>
      </div>
      <div>
        <dt>Details</dt>
        <dd>
          <JsonView value={wait.metadata} label={`Details of ${wait.name}`} />
        </dd>
      </div>
    </dl>
  )
}
