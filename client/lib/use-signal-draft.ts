// Hook: the draft answer to one wait (payload text, signal id, sending, the server's receipt or problem).
import { useCallback, useSyncExternalStore } from 'react'
import type { DurablyCore } from './core'
import type { SignalDraft } from './signal-drafts-store'

export interface UseSignalDraft extends SignalDraft {
  edit(text: string): void
  send(): Promise<void>
}

export function useSignalDraft(core: DurablyCore, runId: string, waitId: string, template: string): UseSignalDraft {
  const getSnapshot = useCallback(() => core.signals.draft(runId, waitId, template), [core, runId, waitId, template])
  const draft = useSyncExternalStore(core.signals.subscribe, getSnapshot, getSnapshot)
  const edit = useCallback((text: string) => core.signals.edit(waitId, text), [core, waitId])
  const send = useCallback(() => core.signals.send(waitId), [core, waitId])
  return { ...draft, edit, send }
}
