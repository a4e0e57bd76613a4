// Toolbar for the selected runs: retrigger, cancel or delete every selected run that allows it.
import { allows, type RunCommand } from '../lib/run-permissions'
import type { ClientRun } from '../lib/types'

interface BulkActionsProps {
  selectedRuns: ClientRun[]
  busy: boolean
  onRun(action: RunCommand, runIds: string[]): void
  onClear(): void
}

const ACTIONS: { action: RunCommand; text: string }[] = [
  { action: 'retrigger', text: 'Retrigger' },
  { action: 'cancel', text: 'Cancel' },
  { action: 'delete', text: 'Delete' },
]

export function BulkActions({ selectedRuns, busy, onRun, onClear }: BulkActionsProps) {
  if (selectedRuns.length === 0) return null
  return (
    <div className="bulk-bar" role="toolbar" aria-label="Actions on selected runs">
      <span>
        <strong>{selectedRuns.length}</strong> selected
      </span>
      {ACTIONS.map(({ action, text }) => {
        const ids = selectedRuns.filter((run) => allows(run.status, action)).map((run) => run.id)
        return (
          <button
            key={action}
            type="button"
            className={`button button-small ${action === 'delete' ? 'button-danger' : ''}`}
            disabled={busy || ids.length === 0}
            onClick={() => onRun(action, ids)}
          >
            {text} {ids.length > 0 ? `(${ids.length})` : ''}
          </button>
        )
      })}
      <button type="button" className="button button-small button-ghost" onClick={onClear}>
        Clear selection
      </button>
    </div>
  )
}
