// A run's log lines (time, level, step, message) in a scrollable region that announces new lines politely.
import { formatDateTime } from '../format/format-time'
import type { LogEntry } from '../lib/types'

export function LogList({ logs, isLoading }: { logs: LogEntry[]; isLoading: boolean }) {
  if (logs.length === 0) return <p className="muted">{isLoading ? 'Loading logs…' : 'No logs.'}</p>
  return (
    <ol className="logs" role="log" aria-label="Run logs" tabIndex={0}>
      {logs.map((log) => (
        <li key={log.sequence} className={`log log-${log.level}`}>
          <time dateTime={log.timestamp}>{formatDateTime(log.timestamp)}</time>
          <span className="log-level">{log.level}</span>
          {log.stepName && <span className="log-step">{log.stepName}</span>}
          <span className="log-message">{log.message}</span>
          {log.data !== null && log.data !== undefined && <code className="log-data">{JSON.stringify(log.data)}</code>}
        </li>
      ))}
    </ol>
  )
}
