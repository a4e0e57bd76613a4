// The Events page (loaded on demand): send an event to the runs waiting for it, and the newest sent events with what
// each matched and woke, filtered by name.
import { useEffect, useState, type FormEvent } from 'react'
import { ErrorMessage } from '../components/error-message'
import { EventSendForm } from '../components/event-send-form'
import { EventsList } from '../components/events-list'
import { useNow } from '../components/use-now'
import { dashboardClient } from '../lib/dashboard-client'
import { useEvents } from '../lib/use-events'
import '../styles/family-events.css'

export function EventsPage() {
  const events = useEvents(dashboardClient.$core)
  const now = useNow(10_000)
  const [filter, setFilter] = useState(events.name)
  useEffect(() => setFilter(events.name), [events.name])
  const apply = (event: FormEvent) => {
    event.preventDefault()
    events.setName(filter)
  }
  return (
    <div className="page">
      <div className="page-header">
        <h1>Events</h1>
      </div>
      <p className="lead">
        A run that waits for an event (<code>step.waitForEvent</code>) resumes when an event of that name arrives whose
        payload has the fields it matches. Each event wakes every matching wait once.
      </p>
      <EventSendForm />
      <section className="card" aria-labelledby="events-title" aria-busy={events.isLoading}>
        <h2 id="events-title">Recent events</h2>
        <form className="filters events-filter" onSubmit={apply} aria-label="Filter events">
          <div className="field field-grow">
            <label htmlFor="events-filter">Name</label>
            <div className="input-row">
              <input id="events-filter" value={filter} placeholder="All events" spellCheck={false} onChange={(e) => setFilter(e.target.value)} />
              <button type="submit" className="button">
                Filter
              </button>
              {events.name && (
                <button type="button" className="button button-ghost" onClick={() => events.setName('')}>
                  Show all
                </button>
              )}
              <button type="button" className="button button-ghost" onClick={() => void events.refresh()}>
                Refresh
              </button>
            </div>
          </div>
        </form>
        {events.error && <ErrorMessage title="Events:">{events.error}</ErrorMessage>}
        {events.events.length > 0 ? (
          <EventsList events={events.events} now={now} />
        ) : (
          <p className="empty">{events.isLoading ? 'Loading events…' : events.name ? `No ${events.name} events yet.` : 'No events yet.'}</p>
        )}
      </section>
    </div>
  )
}
