// The form that creates a schedule: job, cron, time zone and the input of each run (JSON); field errors shown by field.
import { type FormEvent, useState } from 'react'
import { cronInWords } from '../format/cron-words'
import { ApiError } from '../lib/api'
import type { NewSchedule } from '../lib/schedule-api'
import { ErrorMessage } from './error-message'

interface ScheduleFormProps {
  jobNames: string[]
  onCreate(schedule: NewSchedule): Promise<unknown>
}

type FieldErrors = Record<string, string>

export function ScheduleForm({ jobNames, onCreate }: ScheduleFormProps) {
  const [jobName, setJobName] = useState(jobNames[0] ?? '')
  const [cron, setCron] = useState('0 2 * * *')
  const [timezone, setTimezone] = useState('UTC')
  const [input, setInput] = useState('{}')
  const [busy, setBusy] = useState(false)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [failure, setFailure] = useState<string | null>(null)

  async function submit(event: FormEvent) {
    event.preventDefault()
    let parsed: unknown
    try {
      parsed = input.trim() === '' ? undefined : JSON.parse(input)
    } catch {
      setErrors({ input: 'is not valid JSON' })
      return
    }
    setBusy(true)
    setErrors({})
    setFailure(null)
    try {
      await onCreate({ jobName: jobName || (jobNames[0] ?? ''), cron, timezone, input: parsed })
    } catch (error) {
      const issues = error instanceof ApiError ? error.issues : []
      const byField: FieldErrors = {}
      for (const issue of issues) {
        const field = issue.path.split('.')[0] ?? ''
        byField[field] = byField[field] ? byField[field] : `${issue.path}: ${issue.message}`
      }
      setErrors(byField)
      setFailure(issues.length > 0 ? null : error instanceof Error ? error.message : String(error))
    } finally {
      setBusy(false)
    }
  }

  const words = cronInWords(cron)
  const fieldError = (field: string) =>
    errors[field] ? (
      <p id={`schedule-${field}-error`} className="field-error" role="alert">
        {errors[field]}
      </p>
    ) : null
  const describedBy = (field: string) => (errors[field] ? `schedule-${field}-error` : undefined)

  return (
    <form className="card schedule-form" onSubmit={submit} aria-labelledby="schedule-form-title">
      <h2 id="schedule-form-title">New schedule</h2>
      <label htmlFor="schedule-job">Job</label>
      <select id="schedule-job" value={jobName} onChange={(event) => setJobName(event.target.value)} disabled={busy}>
        {jobNames.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <label htmlFor="schedule-cron">Cron</label>
      <input id="schedule-cron" value={cron} onChange={(event) => setCron(event.target.value)} disabled={busy} aria-invalid={Boolean(errors.cron)} aria-describedby={describedBy('cron')} />
      <p className="hint">{words === cron ? 'Five fields: minute hour day-of-month month day-of-week (six with seconds first)' : words}</p>
      {fieldError('cron')}
      <label htmlFor="schedule-timezone">Time zone</label>
      <input id="schedule-timezone" value={timezone} onChange={(event) => setTimezone(event.target.value)} disabled={busy} aria-invalid={Boolean(errors.timezone)} aria-describedby={describedBy('timezone')} />
      {fieldError('timezone')}
      <label htmlFor="schedule-input">Input of each run (JSON)</label>
      <textarea id="schedule-input" rows={3} value={input} onChange={(event) => setInput(event.target.value)} disabled={busy} aria-invalid={Boolean(errors.input)} aria-describedby={describedBy('input')} />
      {fieldError('input')}
      {fieldError('jobName')}
      {failure && <ErrorMessage title="Could not create the schedule.">{failure}</ErrorMessage>}
      <button type="submit" className="button button-primary" disabled={busy || jobNames.length === 0}>
        {busy ? 'Creating…' : 'Create schedule'}
      </button>
    </form>
  )
}
