// The form that answers a wait: a JSON payload (checked as typed), the signal id every try sends, and the server's
// refusals in place; once sent, the answer. Loaded on demand (only runs waiting for a signal need it).
import { useId, type FormEvent } from 'react'
import { payloadTemplate } from '../format/payload-template'
import { parseJsonText } from '../format/parse-json-text'
import { dashboardClient } from '../lib/dashboard-client'
import type { DurableWait } from '../lib/types'
import { JsonView } from './json-view'

interface SignalFormProps {
  runId: string
  waitId: string
  /** The wait's record when known: its name and what its metadata expects. */
  wait: DurableWait | null
  /** False once the run no longer waits for this answer (an edited draft stays on screen). */
  waiting: boolean
}

export default function SignalForm({ runId, waitId, wait, waiting }: SignalFormProps) {
  const id = useId()
  const draft = dashboardClient.useSignalDraft(runId, waitId, payloadTemplate(wait?.metadata))
  const name = wait?.name ?? 'this wait'
  if (draft.phase === 'sent' && draft.receipt) {
    const { disposition, wait: answered } = draft.receipt
    return (
      <div className="signal-sent" role="status">
        <p>
          {disposition === 'duplicate' ? 'Already received: this answer was taken before.' : 'Answer sent.'}{' '}
          {waiting ? 'The run resumes.' : ''}
        </p>
        <JsonView value={answered.payload} label={`Answer sent to ${name}`} />
      </div>
    )
  }
  const typed = parseJsonText(draft.text)
  const payloadError = draft.problem?.fields.payload ?? (draft.edited && !typed.ok ? typed.message : null)
  const sending = draft.phase === 'sending'
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void draft.send()
  }
  return (
    <form className="signal-form" onSubmit={submit} aria-label={`Answer ${name}`} noValidate>
      {!waiting && <p className="muted">The run no longer waits for this answer.</p>}
      <div className="field">
        <label htmlFor={`${id}-payload`}>Payload (JSON)</label>
        <textarea
          id={`${id}-payload`}
          className="json-input"
          rows={Math.min(12, draft.text.split('\n').length + 1)}
          value={draft.text}
          spellCheck={false}
          onChange={(e) => draft.edit(e.target.value)}
          aria-invalid={payloadError !== null}
          aria-describedby={payloadError ? `${id}-payload-error` : undefined}
        />
        {payloadError && (
          <p id={`${id}-payload-error`} className="field-error">
            {payloadError}
          </p>
        )}
      </div>
      <p className="muted signal-id">
        Signal id <code>{draft.signalId}</code>: a retry sends it again, so the answer counts once.
      </p>
      {draft.problem?.fields.signalId && <p className="field-error">Signal id: {draft.problem.fields.signalId}</p>}
      {draft.problem?.message && (
        <p className="field-error" role="alert">
          {draft.problem.message}
        </p>
      )}
      <button type="submit" className="button" disabled={sending || draft.problem?.final === true}>
        {sending ? 'Sending…' : 'Send signal'}
      </button>
    </form>
  )
}
