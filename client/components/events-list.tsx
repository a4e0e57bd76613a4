// The newest sent events: name, time, how many waits matched, the runs each woke (linked) and its payload.
import { formatDateTime, formatRelative } from '../format/format-time'
import type { SentEvent } from '../lib/event-api'
import { plural } from './file-summary'
import { JsonView } from './json-view'
import { WokenRuns } from './woken-runs'

export function EventsList({ events, now }: { events: readonly SentEvent[]; now: number }) {
  return (
    <ol className="events" aria-label="Sent events, newest first">
      {events.map((event) => (
        <li key={event.id} className="event" data-event-id={event.id} data-event-name={event.name}>
          <p className="event-head">
            <code className="event-name">{event.name}</code>{' '}
            <time dateTime={event.createdAt} title={formatDateTime(event.createdAt)} className="muted">
              {formatRelative(event.createdAt, now)}
            </time>
          </p>
          <p className="event-outcome">
            {event.matched === 0 ? 'No wait matched' : `${plural(event.matched, 'wait')} matched`}
            {event.wokenRuns.length > 0 && (
              <>
                {' · woke '}
                <WokenRuns runIds={event.wokenRuns} />
              </>
            )}
          </p>
          <p className="muted event-id">
            Event id <code>{event.id}</code>
          </p>
          <JsonView value={event.payload} label={`Payload of ${event.name} ${event.id}`} />
        </li>
      ))}
    </ol>
  )
}
