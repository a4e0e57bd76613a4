// The Schedules page: every cron schedule with its next fire times and last run, Pause/Resume, and a create form.
import { ErrorMessage } from '../components/error-message'
import { ScheduleForm } from '../components/schedule-form'
import { SchedulesTable } from '../components/schedules-table'
import { dashboardClient } from '../lib/dashboard-client'
import { useSchedules } from '../lib/use-schedules'

export function SchedulesPage() {
  const schedules = useSchedules(dashboardClient.$core)
  const jobNames = dashboardClient.useJobNames()
  return (
    <div className="page">
      <div className="page-header">
        <h1>Schedules</h1>
      </div>
      <p className="lead">
        Each fire time starts one run of its job. Times are shown in your local time; a paused schedule starts again from
        the next fire time after you resume it.
      </p>
      {schedules.error && <ErrorMessage title="Schedules:">{schedules.error}</ErrorMessage>}
      <section className="card card-flush" aria-labelledby="schedules-title" aria-busy={schedules.isLoading}>
        <h2 id="schedules-title" className="visually-hidden">
          Schedule list
        </h2>
        {schedules.schedules.length > 0 ? (
          <SchedulesTable
            schedules={schedules.schedules}
            busyId={schedules.busyId}
            onPause={(id) => void schedules.pause(id)}
            onResume={(id) => void schedules.resume(id)}
            onDelete={(id) => void schedules.remove(id)}
          />
        ) : (
          <p className="empty">{schedules.isLoading ? 'Loading schedules…' : 'No schedules yet.'}</p>
        )}
      </section>
      <ScheduleForm jobNames={jobNames} onCreate={schedules.create} />
    </div>
  )
}
