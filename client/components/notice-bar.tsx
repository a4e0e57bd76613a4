// A dismissible success/error message after a run action, with a link to a retriggered run.
import { Link } from '../router/link'
import type { CommandNotice } from './use-run-commands'

export function NoticeBar({ notice, onDismiss }: { notice: CommandNotice | null; onDismiss(): void }) {
  return (
    <div aria-live="polite" className="notice-slot">
      {notice && (
        <div className={`alert ${notice.kind === 'error' ? 'alert-error' : 'alert-success'}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
          <span>
            {notice.text}{' '}
            {notice.runId && <Link href={`/runs/${encodeURIComponent(notice.runId)}`}>Open the new run</Link>}
          </span>
          <button type="button" className="button button-small button-ghost" onClick={onDismiss} aria-label="Dismiss message">
            ×
          </button>
        </div>
      )}
    </div>
  )
}
