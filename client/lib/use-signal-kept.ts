// Hook: whether a wait's draft answer holds something worth keeping on screen (an edit, a send, a refusal).
import { useCallback, useSyncExternalStore } from 'react'
import type { DurablyCore } from './core'
import { isKept } from './signal-drafts-store'

export function useSignalKept(core: DurablyCore, waitId: string | null): boolean {
  const getSnapshot = useCallback(() => (waitId === null ? false : isKept(core.signals.peek(waitId))), [core, waitId])
  return useSyncExternalStore(core.signals.subscribe, getSnapshot, getSnapshot)
}
