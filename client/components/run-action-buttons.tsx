// The retrigger / cancel / delete buttons a run allows in its status.
import { allowedCommands, type RunCommand } from '../lib/run-permissions'
import type { ClientRun } from '../lib/types'

const TEXT: Record<RunCommand, string> = { retrigger: 'Retrigger', cancel: 'Cancel', delete: 'Delete' }

interface RunActionButtonsProps {
  run: Pick<ClientRun, 'id' | 'status' | 'jobName'>
  busy: boolean
  onAction(action: RunCommand, runId: string): void
  size?: 'small' | 'normal'
}

export function RunActionButtons({ run, busy, onAction, size = 'small' }: RunActionButtonsProps) {
  return (
    <div className="actions">
      {allowedCommands(run.status).map((action) => (
        <button
          key={action}
          type="button"
          className={`button ${size === 'small' ? 'button-small' : ''} ${action === 'delete' ? 'button-danger' : ''}`}
          disabled={busy}
          onClick={() => onAction(action, run.id)}
          aria-label={`${TEXT[action]} ${run.jobName} run ${shortId(run.id)}`}
        >
          {TEXT[action]}
        </button>
      ))}
    </div>
  )
}

export function shortId(id: string): string {
  return id.length > 10 ? id.slice(-8) : id
}
