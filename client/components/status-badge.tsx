// A coloured pill for a run status, readable without colour (text label) and by screen readers.
import type { RunStatus } from '../lib/types'

const LABELS: Record<RunStatus, string> = {
  pending: 'Pending',
  leased: 'Running',
  waiting: 'Waiting',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
}

export function statusLabel(status: RunStatus): string {
  return LABELS[status]
}

export function StatusBadge({ status }: { status: RunStatus | null }) {
  if (!status) return <span className="badge">Unknown</span>
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      {LABELS[status]}
    </span>
  )
}
