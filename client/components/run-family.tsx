// A run's family on its page (loaded on demand): the run that started it ("Started by run … (step pack)") and the
// child runs it started, with their status, kept fresh by the run's stream.
import { dashboardClient } from '../lib/dashboard-client'
import { invokeWaitOf } from '../lib/run-family'
import type { DurableWait } from '../lib/types'
import { useChildRuns } from '../lib/use-child-runs'
import { invokeStepName } from '../lib/wait-metadata'
import { Link } from '../router/link'
import { shortId } from './run-action-buttons'
import { StatusBadge } from './status-badge'
import '../styles/family-events.css'

const runHref = (id: string) => `/runs/${encodeURIComponent(id)}`

/** "Started by run 1a2b3c4d (step pack)": the step is named once the parent's waits tell it. */
export function ParentRunLine({ run, parentId }: { run: { id: string; jobName: string }; parentId: string }) {
  const { waits } = dashboardClient.useRunWaits(parentId)
  const wait = invokeWaitOf(run, waits)
  return (
    <p className="run-parent">
      Started by{' '}
      <Link href={runHref(parentId)} className="parent-link">
        run <code>{shortId(parentId)}</code>
      </Link>
      {wait && (
        <>
          {' '}
          (step <strong>{invokeStepName(wait)}</strong>)
        </>
      )}
    </p>
  )
}

/** The runs this run started with step.invoke, newest first: job, id, status and the step that started each. */
export function ChildRunsSection({ runId, waits }: { runId: string; waits: readonly DurableWait[] }) {
  const { runs, isLoading, error } = useChildRuns(dashboardClient.$core, runId)
  return (
    <section className="card" aria-labelledby="children-title" aria-busy={isLoading}>
      <h2 id="children-title">Child runs</h2>
      {error && <p className="field-error" role="alert">Could not load the child runs: {error}</p>}
      {runs.length === 0 ? (
        <p className="muted">{isLoading ? 'Loading child runs…' : 'None yet.'}</p>
      ) : (
        <ul className="child-runs" aria-label="Child runs of this run">
          {runs.map((child) => {
            const wait = invokeWaitOf(child, waits)
            return (
              <li key={child.id} data-run-id={child.id} data-status={child.status}>
                <Link href={runHref(child.id)} className="child-link">
                  {child.jobName} <code>{shortId(child.id)}</code>
                </Link>
                <StatusBadge status={child.status} />
                {wait && <span className="muted">step {invokeStepName(wait)}</span>}
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
