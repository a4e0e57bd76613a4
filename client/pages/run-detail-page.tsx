// One run: status, progress or what it waits for (answering a signal), the run that started it and the child runs
// it started, input, output or error, the steps timeline (attempts, rerun from a step), its waits, logs and actions.
import { lazy, Suspense, useMemo, type ReactNode } from 'react'
import { ErrorMessage } from '../components/error-message'
import { JsonView } from '../components/json-view'
import { LogList } from '../components/log-list'
import { NoticeBar } from '../components/notice-bar'
import { ProgressBar } from '../components/progress-bar'
import { RunActionButtons } from '../components/run-action-buttons'
import { SignalSection } from '../components/signal-section'
import { StatusBadge, statusLabel } from '../components/status-badge'
import { StepsTimeline } from '../components/steps-timeline'
import { useLastNonNull } from '../components/use-last-non-null'
import { useNow } from '../components/use-now'
import { useRunCommands } from '../components/use-run-commands'
import { WaitDetails } from '../components/wait-details'
import { hasCountdown, WaitNote } from '../components/wait-note'
import { WaitsList } from '../components/waits-list'
import { describeWait } from '../format/describe-wait'
import { formatDateTime, formatElapsed } from '../format/format-time'
import { dashboardClient } from '../lib/dashboard-client'
import { hasChildRuns, parentRunIdOf } from '../lib/run-family'
import { allows, type RunCommand } from '../lib/run-permissions'
import { currentWait } from '../lib/waits-store'
import { navigate } from '../router/history-router'
import { Link } from '../router/link'

/** Loaded only for runs that have a parent or children. */
const family = () => import('../components/run-family')
const ParentRunLine = lazy(() => family().then((module) => ({ default: module.ParentRunLine })))
const ChildRunsSection = lazy(() => family().then((module) => ({ default: module.ChildRunsSection })))

export function RunDetailPage({ runId }: { runId: string }) {
  const run = dashboardClient.useRun(runId)
  const { logs, isLoading: logsLoading } = dashboardClient.useLogs(runId)
  const steps = dashboardClient.useRunSteps(runId)
  const now = useNow(500, run.isActive || run.isWaiting)
  const info = run.run
  const input = info?.input
  const rerun = useMemo(() => (run.isTerminal && info ? { input } : null), [run.isTerminal, info !== null, input])
  const waiting = { status: run.status, wakeAt: run.wakeAt, waitingFor: run.waitingFor }
  const waitingNow = hasCountdown(waiting) || run.isWaiting
  const commands = useRunCommands()
  const { waits } = dashboardClient.useRunWaits(runId)
  const current = currentWait(run.waitingFor, waits)
  const signalWaitNow = run.waitingFor?.kind === 'signal' ? (run.waitingFor.waitId ?? current?.id ?? null) : null
  const signalWaitId = useLastNonNull(signalWaitNow)
  const answerable = signalWaitNow !== null && run.status !== null && allows(run.status, 'signal', run.waitingFor)
  const parentId = parentRunIdOf(info)

  const act = (action: RunCommand, id: string) => {
    void commands.perform(action, [id]).then(() => {
      if (action === 'delete') navigate('/runs')
    })
  }

  if (run.isDeleted) {
    return (
      <div className="page page-narrow">
        <h1>Run not found</h1>
        <p>This run does not exist or was deleted.</p>
        <Link href="/runs">Back to runs</Link>
      </div>
    )
  }
  return (
    <div className="page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link href="/runs">Runs</Link> <span aria-hidden="true">/</span> <span>{info?.jobName ?? 'Run'}</span>
      </nav>
      <div className="page-header">
        <h1>
          {info?.jobName ?? 'Run'} <span className="run-id-title">{runId}</span>
        </h1>
        <StatusBadge status={run.status} />
      </div>
      {info && parentId && (
        <Suspense fallback={null}>
          <ParentRunLine run={info} parentId={parentId} />
        </Suspense>
      )}
      <p className="visually-hidden" aria-live="polite">
        {run.status && `${statusLabel(run.status)}. ${describeWait(waiting, Date.now())?.spoken ?? ''}`}
      </p>
      {info && <RunActionButtons run={{ ...info, status: run.status ?? info.status }} busy={commands.busyIds.size > 0} onAction={act} size="normal" />}
      <NoticeBar notice={commands.notice} onDismiss={commands.clearNotice} />
      <dl className="facts">
        <Fact term="Created">{formatDateTime(info?.createdAt ?? null)}</Fact>
        <Fact term="Started">{formatDateTime(info?.startedAt ?? null)}</Fact>
        <Fact term="Duration">{info?.startedAt ? formatElapsed(info.startedAt, info.completedAt, now) : '—'}</Fact>
        <Fact term="Labels">
          {info && Object.keys(info.labels).length
            ? Object.entries(info.labels).map(([k, v]) => <span key={k} className="label-chip">{k}={v}</span>)
            : '—'}
        </Fact>
      </dl>
      {(run.isActive || run.isWaiting) && (
        <section className="card" aria-labelledby="progress-title">
          <h2 id="progress-title">{waitingNow ? 'Waiting' : 'Progress'}</h2>
          {run.isLeased ? (
            <ProgressBar progress={run.progress} label="Run progress" />
          ) : waitingNow ? (
            <>
              <p className="wait-card">
                <WaitNote run={waiting} showError />
              </p>
              <WaitDetails wait={current} />
            </>
          ) : (
            <p className="muted">Waiting for a worker…</p>
          )}
        </section>
      )}
      <SignalSection
        runId={runId}
        waitId={signalWaitId}
        wait={waits.find((wait) => wait.id === signalWaitId) ?? null}
        answerable={answerable}
      />
      {run.isFailed && <ErrorMessage title="Failed:">{run.error}</ErrorMessage>}
      <div className="grid-2">
        <section className="card" aria-labelledby="steps-title">
          <h2 id="steps-title">Steps</h2>
          <StepsTimeline runId={runId} steps={steps} now={now} waitingFor={run.waitingFor} rerun={rerun} />
        </section>
        <section className="card" aria-labelledby="data-title">
          <h2 id="data-title">Input</h2>
          <JsonView value={info?.input} label="Input" />
          {run.isCompleted && (
            <>
              <h2>Output</h2>
              <JsonView value={run.output} label="Output" />
            </>
          )}
        </section>
      </div>
      {hasChildRuns(waits) && (
        <Suspense fallback={null}>
          <ChildRunsSection runId={runId} waits={waits} />
        </Suspense>
      )}
      {waits.length > 0 && (
        <section className="card" aria-labelledby="waits-title">
          <h2 id="waits-title">Waits</h2>
          <WaitsList waits={waits} />
        </section>
      )}
      <section className="card" aria-labelledby="logs-title">
        <h2 id="logs-title">Logs</h2>
        <LogList logs={logs} isLoading={logsLoading} />
      </section>
    </div>
  )
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  )
}
