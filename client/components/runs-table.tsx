// The runs table: selection checkboxes, job (and the run that started a child run), status (and what a waiting run
// waits for), progress, labels, times and per-row actions.
import { formatElapsed, formatRelative, formatDateTime } from '../format/format-time'
import { parentRunIdOf } from '../lib/run-family'
import type { RunCommand } from '../lib/run-permissions'
import type { ClientRun } from '../lib/types'
import { Link } from '../router/link'
import { ProgressBar } from './progress-bar'
import { RunActionButtons, shortId } from './run-action-buttons'
import { plural } from './file-summary'
import { StatusBadge } from './status-badge'
import { useNow } from './use-now'
import { WaitNote } from './wait-note'

interface RunsTableProps {
  runs: ClientRun[]
  selected: ReadonlySet<string>
  busyIds: ReadonlySet<string>
  onToggle(runId: string): void
  onToggleAll(select: boolean): void
  onAction(action: RunCommand, runId: string): void
}

export function RunsTable({ runs, selected, busyIds, onToggle, onToggleAll, onAction }: RunsTableProps) {
  const now = useNow(5000)
  const allSelected = runs.length > 0 && runs.every((run) => selected.has(run.id))
  return (
    <div className="table-wrap">
      <table className="runs-table">
        <caption className="visually-hidden">Runs, newest first</caption>
        <thead>
          <tr>
            <th scope="col" className="col-check">
              <input
                type="checkbox"
                aria-label="Select all runs on this page"
                checked={allSelected}
                onChange={(e) => onToggleAll(e.target.checked)}
              />
            </th>
            <th scope="col">Run</th>
            <th scope="col">Status</th>
            <th scope="col" className="col-progress">Progress</th>
            <th scope="col" className="col-labels">Labels</th>
            <th scope="col">Created</th>
            <th scope="col">Duration</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id} data-run-id={run.id} data-status={run.status} className={selected.has(run.id) ? 'selected' : ''}>
              <td className="col-check">
                <input
                  type="checkbox"
                  aria-label={`Select ${run.jobName} run ${shortId(run.id)}`}
                  checked={selected.has(run.id)}
                  onChange={() => onToggle(run.id)}
                />
              </td>
              <td>
                <Link href={`/runs/${encodeURIComponent(run.id)}`} className="run-link">
                  <span className="run-job">{run.jobName}</span>
                  <span className="run-id">{shortId(run.id)}</span>
                </Link>
                <ParentHint run={run} />
              </td>
              <td className="col-status">
                <StatusBadge status={run.status} />
                <WaitNote run={run} />
              </td>
              <td className="col-progress">{progressCell(run)}</td>
              <td className="col-labels">
                {Object.entries(run.labels).map(([key, value]) => (
                  <span key={key} className="label-chip">
                    {key}={value}
                  </span>
                ))}
              </td>
              <td>
                <time dateTime={run.createdAt} title={formatDateTime(run.createdAt)}>
                  {formatRelative(run.createdAt, now)}
                </time>
              </td>
              <td className="numeric">{run.startedAt ? formatElapsed(run.startedAt, run.completedAt, now) : '—'}</td>
              <td>
                <RunActionButtons run={run} busy={busyIds.has(run.id)} onAction={onAction} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function progressCell(run: ClientRun) {
  if (run.status === 'leased' && run.progress) {
    return <ProgressBar progress={run.progress} label={`Progress of run ${shortId(run.id)}`} compact />
  }
  if (run.status === 'pending') return <span className="muted">{run.wakeAt ? 'Scheduled' : 'Queued'}</span>
  const steps = plural(run.completedStepCount, 'step')
  return <span className="muted">{run.status === 'completed' ? steps : `${steps} done`}</span>
}

/** "child of 1a2b3c4d" under a run that a step.invoke started, linking to the parent run. */
function ParentHint({ run }: { run: ClientRun }) {
  const parentId = parentRunIdOf(run)
  if (!parentId) return null
  return (
    <span className="parent-hint">
      child of <Link href={`/runs/${encodeURIComponent(parentId)}`}>{shortId(parentId)}</Link>
    </span>
  )
}
