// A run's log lines (time, level, step, message) in a scrollable region that announces new lines politely; a long
// log shows its newest lines until asked for all.
import { memo } from 'react'
import { EarlierHidden, useNewestOnly } from './newest-only'
import { formatDateTime } from '../format/format-time'
import type { LogEntry } from '../lib/types'

/** Lines shown before "Show all": the newest, so a run that logs thousands of lines re-renders as fast as a short one. */
export const NEWEST_LOG_LINES = 200

export const LogList = memo(function LogList({ logs, isLoading }: { logs: LogEntry[]; isLoading: boolean }) {
  const { hidden, showAll } = useNewestOnly(logs.length, NEWEST_LOG_LINES)
  if (logs.length === 0) return <p className="muted">{isLoading ? 'Loading logs…' : 'No logs.'}</p>
  return (
    <>
      <EarlierHidden hidden={hidden} total={logs.length} noun="lines" onShowAll={showAll} />
      <ol className="logs" role="log" aria-label="Run logs" tabIndex={0}>
        {logs.slice(hidden).map((log) => (
          <LogLine key={log.sequence} log={log} />
        ))}
      </ol>
    </>
  )
})

const LogLine = memo(function LogLine({ log }: { log: LogEntry }) {
  return (
    <li className={`log log-${log.level}`}>
      <time dateTime={log.timestamp}>{formatDateTime(log.timestamp)}</time>
      <span className="log-level">{log.level}</span>
      {log.stepName && <span className="log-step">{log.stepName}</span>}
      <span className="log-message">{log.message}</span>
      {log.data !== null && log.data !== undefined && <code className="log-data">{JSON.stringify(log.data)}</code>}
    </li>
  )
})
