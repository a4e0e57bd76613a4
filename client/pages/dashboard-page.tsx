// The runs dashboard: live table with filters, pagination, per-row and bulk actions, and a runs-over-time chart.
import { useMemo, useState } from 'react'
import { BulkActions } from '../components/bulk-actions'
import { ErrorMessage } from '../components/error-message'
import { NoticeBar } from '../components/notice-bar'
import { Pagination } from '../components/pagination'
import { RunsChart } from '../components/runs-chart'
import { RunsFilters, parseLabel, type RunsFilterValues } from '../components/runs-filters'
import { RunsTable } from '../components/runs-table'
import { useNow } from '../components/use-now'
import { useRunCommands } from '../components/use-run-commands'
import { useRunHistory } from '../components/use-run-history'
import { dashboardClient } from '../lib/dashboard-client'
import { RUN_STATUSES } from '../lib/statuses'
import type { RunStatus, RunsQuery } from '../lib/types'
import { useSearchParams } from '../router/use-search-params'

const PAGE_SIZE = 20

export function DashboardPage() {
  const [params, setParams] = useSearchParams()
  const filters: RunsFilterValues = {
    status: params.get('status') ?? '',
    job: params.get('job') ?? '',
    label: params.get('label') ?? '',
  }
  const query = useMemo(() => toQuery(filters), [filters.status, filters.job, filters.label])
  const list = dashboardClient.useRuns(query)
  const jobNames = dashboardClient.useJobNames()
  const history = useRunHistory(dashboardClient.$core, query, list.version)
  const now = useNow(15_000)
  const commands = useRunCommands(list.refresh)
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set())

  const selectedRuns = list.runs.filter((run) => selected.has(run.id))
  const toggle = (runId: string) =>
    setSelected((prev) => {
      const next = new Set(prev)
      if (!next.delete(runId)) next.add(runId)
      return next
    })
  const toggleAll = (select: boolean) => setSelected(select ? new Set(list.runs.map((r) => r.id)) : new Set())

  return (
    <div className="page">
      <div className="page-header">
        <h1>Runs</h1>
        <span className="live-dot" title="Updates live">
          Live
        </span>
      </div>
      <RunsFilters values={filters} jobNames={jobNames} onChange={(patch) => setParams(patch)} />
      {history && history.length > 0 && (
        <section className="card">
          <RunsChart runs={history} now={now} />
        </section>
      )}
      <NoticeBar notice={commands.notice} onDismiss={commands.clearNotice} />
      {list.error && <ErrorMessage title="Could not load runs.">{list.error}</ErrorMessage>}
      <section className="card card-flush" aria-labelledby="runs-title" aria-busy={list.isLoading}>
        <h2 id="runs-title" className="visually-hidden">
          Run list
        </h2>
        <BulkActions
          selectedRuns={selectedRuns}
          busy={commands.busyIds.size > 0}
          onRun={(action, ids) => {
            void commands.perform(action, ids).then(() => setSelected(new Set()))
          }}
          onClear={() => setSelected(new Set())}
        />
        {list.runs.length > 0 ? (
          <RunsTable
            runs={list.runs}
            selected={selected}
            busyIds={commands.busyIds}
            onToggle={toggle}
            onToggleAll={toggleAll}
            onAction={(action, runId) => void commands.perform(action, [runId])}
          />
        ) : (
          <p className="empty">{list.isLoading ? 'Loading runs…' : 'No runs match these filters yet.'}</p>
        )}
        <Pagination
          page={list.page}
          pageSize={PAGE_SIZE}
          shown={list.runs.length}
          total={list.total}
          hasMore={list.hasMore}
          onPrev={list.prevPage}
          onNext={list.nextPage}
        />
      </section>
    </div>
  )
}

function toQuery(filters: RunsFilterValues): RunsQuery {
  const status = RUN_STATUSES.includes(filters.status as RunStatus) ? (filters.status as RunStatus) : undefined
  return {
    pageSize: PAGE_SIZE,
    ...(status ? { status } : {}),
    ...(filters.job ? { jobName: filters.job } : {}),
    ...(parseLabel(filters.label) ? { labels: parseLabel(filters.label) ?? undefined } : {}),
  }
}
