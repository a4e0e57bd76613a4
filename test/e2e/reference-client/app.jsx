// A page as a user of the published @coji/durably-react hooks writes it: the run named in `?runId=`, its status and
// progress (useRun) and its log lines (useLogs), read from this origin's /api/durably.
import { createDurably } from '@coji/durably-react'
import { createRoot } from 'react-dom/client'

const durably = createDurably({ api: '/api/durably' })
const runId = new URLSearchParams(location.search).get('runId')

function RunView() {
  const { status, progress, output } = durably['slow-steps'].useRun(runId)
  const { logs } = durably['slow-steps'].useLogs(runId)
  return (
    <main>
      <p data-testid="status">{status}</p>
      <p data-testid="progress">{progress ? `${progress.current}/${progress.total} ${progress.message ?? ''}` : 'no progress'}</p>
      <p data-testid="output">{output ? JSON.stringify(output) : ''}</p>
      <ul data-testid="logs">
        {logs.map((log) => (
          <li key={log.id}>{log.message}</li>
        ))}
      </ul>
    </main>
  )
}

createRoot(document.getElementById('root')).render(<RunView />)
