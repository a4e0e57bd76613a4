// The form that sends an event to the runs waiting for it: name and JSON payload (checked as typed), the server's
// refusals beside their fields, and what the last send did with links to the runs it woke.
import { useId, type FormEvent } from 'react'
import { dashboardClient } from '../lib/dashboard-client'
import { useEventForm } from '../lib/use-event-form'
import { plural } from './file-summary'
import { WokenRuns } from './woken-runs'

export function EventSendForm() {
  const id = useId()
  const form = useEventForm(dashboardClient.$core)
  const sending = form.phase === 'sending'
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void form.send()
  }
  const error = (field: 'name' | 'payload' | 'id') =>
    form.fields[field] ? (
      <p id={`${id}-${field}-error`} className="field-error">
        {form.fields[field]}
      </p>
    ) : null
  const describedBy = (field: 'name' | 'payload') => (form.fields[field] ? `${id}-${field}-error` : undefined)
  return (
    <form className="card event-form" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h2 id={`${id}-title`}>Send an event</h2>
      <div className="field">
        <label htmlFor={`${id}-name`}>Event name</label>
        <input
          id={`${id}-name`}
          value={form.name}
          placeholder="order.paid"
          spellCheck={false}
          onChange={(e) => form.setName(e.target.value)}
          aria-invalid={Boolean(form.fields.name)}
          aria-describedby={describedBy('name')}
        />
        {error('name')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-payload`}>Payload (JSON)</label>
        <textarea
          id={`${id}-payload`}
          className="json-input"
          rows={Math.min(12, form.payloadText.split('\n').length + 2)}
          value={form.payloadText}
          spellCheck={false}
          onChange={(e) => form.setPayload(e.target.value)}
          aria-invalid={Boolean(form.fields.payload)}
          aria-describedby={describedBy('payload')}
        />
        {error('payload')}
      </div>
      {error('id')}
      {form.message && (
        <p className="field-error" role="alert">
          {form.message}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={sending}>
        {sending ? 'Sending…' : 'Send event'}
      </button>
      <div role="status" className="event-sent">
        {form.sent && (
          <p>
            Sent <code>{form.sent.name}</code>: {form.sent.delivery.matched === 0 ? 'no wait matched' : `${plural(form.sent.delivery.matched, 'wait')} matched`}
            {form.sent.delivery.woken.length > 0 && (
              <>
                ; woke <WokenRuns runIds={form.sent.delivery.woken} />
              </>
            )}
            .
          </p>
        )}
      </div>
    </form>
  )
}
