// The attempts of one step: number, outcome, start and duration, error and stack (collapsible), the completed one's output.
import { formatDateTime, formatElapsed } from '../format/format-time'
import { dashboardClient } from '../lib/dashboard-client'
import type { Attempt } from '../lib/types'
import { JsonView } from './json-view'

const OUTCOMES: Record<Attempt['outcome'], string> = {
  completed: 'completed',
  failed: 'failed',
  timed_out: 'timed out',
  interrupted: 'cut off by a restart',
}

export function AttemptsList({ runId, stepIndex, stepName }: { runId: string; stepIndex: number; stepName: string }) {
  const { attempts, isLoading, error } = dashboardClient.useStepAttempts(runId, stepIndex)
  if (error) return <p className="field-error">Could not load the attempts: {error}</p>
  if (attempts.length === 0) return <p className="muted">{isLoading ? 'Loading attempts…' : 'No attempt has ended yet.'}</p>
  return (
    <ol className="attempts" aria-label={`Attempts of ${stepName}`} aria-busy={isLoading}>
      {attempts.map((attempt) => (
        <li key={attempt.attempt} className={`attempt attempt-${attempt.outcome}`} data-attempt={attempt.attempt} data-outcome={attempt.outcome}>
          <p className="attempt-head">
            <strong>Attempt {attempt.attempt}</strong> <span className="attempt-outcome">{OUTCOMES[attempt.outcome]}</span>{' '}
            <span className="muted">
              <time dateTime={attempt.startedAt}>{formatDateTime(attempt.startedAt)}</time>
              {attempt.endedAt && <> · {formatElapsed(attempt.startedAt, attempt.endedAt)}</>}
            </span>
          </p>
          {attempt.error && <p className="attempt-error">{attempt.error}</p>}
          {attempt.stack && (
            <details>
              <summary>Stack trace</summary>
              <pre className="json">{attempt.stack}</pre>
            </details>
          )}
          {attempt.outcome === 'completed' && attempt.output !== null && attempt.output !== undefined && (
            <JsonView value={attempt.output} label={`Output of attempt ${attempt.attempt}`} />
          )}
        </li>
      ))}
    </ol>
  )
}
