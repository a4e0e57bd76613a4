// The schedules table: cron in words, time zone, next fire times, last run (linked), state and Pause/Resume/Delete.
import { cronInWords } from '../format/cron-words'
import { formatDateTime } from '../format/format-time'
import type { Schedule } from '../lib/schedule-api'
import { Link } from '../router/link'
import { SCHEDULE_LABEL } from '../../worker/engine/schedules/labels'

interface SchedulesTableProps {
  schedules: Schedule[]
  busyId: string | null
  onPause(id: string): void
  onResume(id: string): void
  onDelete(id: string): void
}

export function SchedulesTable({ schedules, busyId, onPause, onResume, onDelete }: SchedulesTableProps) {
  return (
    <div className="table-wrap">
      <table className="schedules-table">
        <thead>
          <tr>
            <th scope="col">Schedule</th>
            <th scope="col">When</th>
            <th scope="col">Next fires</th>
            <th scope="col">Last run</th>
            <th scope="col">State</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {schedules.map((schedule) => (
            <ScheduleRow
              key={schedule.id}
              schedule={schedule}
              busy={busyId === schedule.id}
              onPause={onPause}
              onResume={onResume}
              onDelete={onDelete}
            />
          ))}
        </tbody>
      </table>
    </div>
  )
}

function ScheduleRow({ schedule, busy, onPause, onResume, onDelete }: Omit<SchedulesTableProps, 'schedules' | 'busyId'> & { schedule: Schedule; busy: boolean }) {
  const words = cronInWords(schedule.cron)
  return (
    <tr data-schedule-id={schedule.id}>
      <td>
        <span className="run-job">{schedule.jobName}</span>
        <span className="run-id">
          {schedule.id} · {schedule.source === 'declared' ? 'declared with the job' : 'created here'}
        </span>
      </td>
      <td>
        <span className="schedule-words">{words}</span>
        <span className="muted">
          {' '}
          ({words === schedule.cron ? '' : <code>{schedule.cron}</code>}
          {words === schedule.cron ? '' : ', '}
          {schedule.timezone})
        </span>
      </td>
      <td>
        {schedule.nextFireTimes.length > 0 ? (
          <ol className="fire-times">
            {schedule.nextFireTimes.map((time) => (
              <li key={time}>
                <time dateTime={time}>{formatDateTime(time)}</time>
              </li>
            ))}
          </ol>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td>
        {schedule.lastRunId ? (
          <Link href={`/runs/${encodeURIComponent(schedule.lastRunId)}`} className="run-link">
            <time dateTime={schedule.lastFiredAt ?? undefined}>{formatDateTime(schedule.lastFiredAt)}</time>
          </Link>
        ) : (
          <span className="muted">Not yet</span>
        )}
        <Link href={`/runs?label=${encodeURIComponent(`${SCHEDULE_LABEL}=${schedule.id}`)}`} className="schedule-runs">
          All its runs
        </Link>
      </td>
      <td>
        <span className={schedule.paused ? 'schedule-state paused' : 'schedule-state active'}>
          {schedule.paused ? 'Paused' : 'Active'}
        </span>
        {schedule.error && <span className="schedule-error">{schedule.error}</span>}
      </td>
      <td className="schedule-actions">
        {schedule.paused ? (
          <button type="button" className="button button-small" disabled={busy} onClick={() => onResume(schedule.id)} aria-label={`Resume ${schedule.id}`}>
            Resume
          </button>
        ) : (
          <button type="button" className="button button-small" disabled={busy} onClick={() => onPause(schedule.id)} aria-label={`Pause ${schedule.id}`}>
            Pause
          </button>
        )}
        {schedule.source === 'api' && (
          <button type="button" className="button button-small button-danger" disabled={busy} onClick={() => onDelete(schedule.id)} aria-label={`Delete ${schedule.id}`}>
            Delete
          </button>
        )}
      </td>
    </tr>
  )
}
