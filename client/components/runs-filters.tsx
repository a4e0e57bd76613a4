// Filters of the runs table: status, job and one label (key=value), reflected in the URL.
import { useEffect, useState, type FormEvent } from 'react'
import { RUN_STATUSES } from '../lib/statuses'
import { statusLabel } from './status-badge'

export interface RunsFilterValues {
  status: string
  job: string
  label: string
}

interface RunsFiltersProps {
  values: RunsFilterValues
  jobNames: string[]
  onChange(patch: Partial<RunsFilterValues>): void
}

export function RunsFilters({ values, jobNames, onChange }: RunsFiltersProps) {
  const [label, setLabel] = useState(values.label)
  useEffect(() => setLabel(values.label), [values.label])
  const jobs = values.job && !jobNames.includes(values.job) ? [...jobNames, values.job] : jobNames
  const labelValid = label === '' || parseLabel(label) !== null

  const applyLabel = (event: FormEvent) => {
    event.preventDefault()
    if (labelValid) onChange({ label: label.trim() })
  }

  return (
    <form className="filters" onSubmit={applyLabel} aria-label="Filter runs">
      <div className="field">
        <label htmlFor="filter-status">Status</label>
        <select id="filter-status" value={values.status} onChange={(e) => onChange({ status: e.target.value })}>
          <option value="">All statuses</option>
          {RUN_STATUSES.map((status) => (
            <option key={status} value={status}>
              {statusLabel(status)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-job">Job</label>
        <select id="filter-job" value={values.job} onChange={(e) => onChange({ job: e.target.value })}>
          <option value="">All jobs</option>
          {jobs.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-grow">
        <label htmlFor="filter-label">Label</label>
        <div className="input-row">
          <input
            id="filter-label"
            placeholder="key=value"
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            aria-invalid={!labelValid}
            aria-describedby={labelValid ? undefined : 'filter-label-error'}
          />
          <button type="submit" className="button" disabled={!labelValid}>
            Apply
          </button>
          {values.label && (
            <button type="button" className="button button-ghost" onClick={() => onChange({ label: '' })}>
              Clear
            </button>
          )}
        </div>
        {!labelValid && (
          <p id="filter-label-error" className="field-error">
            Write the label as key=value.
          </p>
        )}
      </div>
    </form>
  )
}

/** 'source=upload' → { source: 'upload' }; null when it is not key=value. */
export function parseLabel(text: string): Record<string, string> | null {
  const at = text.indexOf('=')
  if (at <= 0) return null
  const key = text.slice(0, at).trim()
  const value = text.slice(at + 1).trim()
  return key && value ? { [key]: value } : null
}
