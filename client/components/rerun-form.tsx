// "Rerun from here": a new run of a finished run from one of its steps, with its input or an edited one (JSON,
// checked as it is typed; the server's objections shown in place).
import { useId, useState, type FormEvent } from 'react'
import { parseJsonText } from '../format/parse-json-text'
import { useRerun } from './use-rerun'

interface RerunFormProps {
  runId: string
  stepIndex: number
  stepName: string
  /** The finished run's input, the edited input's starting point. */
  input: unknown
}

export function RerunForm({ runId, stepIndex, stepName, input }: RerunFormProps) {
  const id = useId()
  const rerun = useRerun(runId)
  const [editing, setEditing] = useState(false)
  const [text, setText] = useState(() => JSON.stringify(input ?? null, null, 2))
  const parsed = editing ? parseJsonText(text) : null
  const invalid = parsed !== null && !parsed.ok

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (invalid) return
    void rerun.rerun(stepIndex, parsed?.ok ? parsed.value : undefined)
  }

  return (
    <form className="rerun" onSubmit={submit} aria-label={`Rerun from ${stepName}`}>
      <p className="muted">
        A new run keeps the results of the steps before <strong>{stepName}</strong> and runs it and every later step again.
      </p>
      <label className="check">
        <input type="checkbox" checked={editing} onChange={(e) => setEditing(e.target.checked)} /> With edited input
      </label>
      {editing && (
        <div className="field">
          <label htmlFor={`${id}-input`}>Input (JSON)</label>
          <textarea
            id={`${id}-input`}
            className="json-input"
            rows={Math.min(12, text.split('\n').length + 1)}
            value={text}
            spellCheck={false}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={invalid}
            aria-describedby={invalid ? `${id}-error` : undefined}
          />
          {parsed && !parsed.ok && (
            <p id={`${id}-error`} className="field-error">
              {parsed.message}
            </p>
          )}
        </div>
      )}
      {rerun.error && (
        <div className="field-error" role="alert">
          <p>{rerun.error}</p>
          {rerun.issues.length > 0 && (
            <ul>
              {rerun.issues.map((issue) => (
                <li key={issue}>{issue}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <button type="submit" className="button button-small" disabled={invalid || rerun.busy}>
        {rerun.busy ? 'Starting…' : 'Rerun from here'}
      </button>
    </form>
  )
}
