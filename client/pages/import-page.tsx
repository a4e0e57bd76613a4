// The CSV import page: choose a file, check it in the browser, import it and follow the run live.
import { useState, type ChangeEvent, type FormEvent } from 'react'
import { ErrorMessage } from '../components/error-message'
import { FileSummary, plural } from '../components/file-summary'
import { ProgressBar } from '../components/progress-bar'
import { StatusBadge } from '../components/status-badge'
import { readContacts, type ContactsResult } from '../csv/read-contacts'
import { ApiError } from '../lib/api'
import { dashboardClient } from '../lib/dashboard-client'
import { Link } from '../router/link'

const SAMPLE = 'name,email\nAda Lovelace,ada@example.com\nAlan Turing,alan@example.com\nGrace Hopper,grace@example.com\n'
const SAMPLE_HREF = `data:text/csv;charset=utf-8,${encodeURIComponent(SAMPLE)}`

interface ChosenFile {
  name: string
  result: ContactsResult
}

export function ImportPage() {
  const job = dashboardClient.importCsv.useJob()
  const [file, setFile] = useState<ChosenFile | null>(null)
  const [triggerError, setTriggerError] = useState<string | null>(null)

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    setTriggerError(null)
    const chosen = event.target.files?.[0]
    if (!chosen) return setFile(null)
    const text = await chosen.text()
    setFile({ name: chosen.name, result: readContacts(chosen, text) })
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!file?.result.ok) return
    setTriggerError(null)
    try {
      await job.trigger({ filename: file.name, rows: file.result.rows }, { labels: { source: 'upload' } })
    } catch (error) {
      setTriggerError(describeError(error))
    }
  }

  const busy = job.isTriggering || job.isActive
  const ready = file?.result.ok === true
  const rowCount = file?.result.ok ? file.result.rows.length : 0

  return (
    <div className="page page-narrow">
      <h1>Import contacts</h1>
      <p className="lead">
        Upload a CSV file with a header row <code>name,email</code>. The import runs on the server as a durable job: you
        can leave this page and it keeps going.
      </p>
      <form className="card" onSubmit={submit} aria-describedby="file-help">
        <label htmlFor="csv-file">CSV file</label>
        <input id="csv-file" name="file" type="file" accept=".csv,text/csv" onChange={choose} disabled={busy} />
        <p id="file-help" className="hint">
          Up to 800 KB. <a href={SAMPLE_HREF} download="contacts-sample.csv">Download a sample file</a>.
        </p>
        {file && <FileSummary filename={file.name} result={file.result} />}
        {triggerError && <ErrorMessage title="Could not start the import.">{triggerError}</ErrorMessage>}
        <button type="submit" className="button button-primary" disabled={!ready || busy}>
          {busy ? 'Importing…' : ready ? `Import ${plural(rowCount, 'contact')}` : 'Import CSV'}
        </button>
      </form>
      {job.currentRunId && <ImportStatus job={job} runId={job.currentRunId} />}
    </div>
  )
}

type ImportJob = ReturnType<typeof dashboardClient.importCsv.useJob>

function ImportStatus({ job, runId }: { job: ImportJob; runId: string }) {
  return (
    <section className="card import-status" aria-labelledby="import-status-title" aria-live="polite">
      <div className="card-header">
        <h2 id="import-status-title">Import</h2>
        <StatusBadge status={job.status} />
      </div>
      {job.isPending && <p className="muted">Waiting for a worker…</p>}
      {job.isLeased && <ProgressBar progress={job.progress} label="Import progress" />}
      {job.isCompleted && (
        <p className="success" role="status">
          Done! Imported {job.output?.imported ?? 0} rows.
        </p>
      )}
      {job.isFailed && <ErrorMessage title="Import failed:">{job.error}</ErrorMessage>}
      {job.isCancelled && <p className="muted">The import was cancelled.</p>}
      <p className="card-footer">
        <Link href={`/runs/${encodeURIComponent(runId)}`}>View run details</Link>
      </p>
    </section>
  )
}

function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const issues = error.issues.map((issue) => `${issue.path || 'input'}: ${issue.message}`)
    return issues.length ? `${error.message} (${issues.slice(0, 3).join('; ')})` : error.message
  }
  return error instanceof Error ? error.message : String(error)
}
