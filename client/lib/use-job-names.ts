// Hook: every job name (for filters): known at once when the client was given its jobs, else loaded once.
import { useEffect, useState } from 'react'
import type { DurablyCore } from './core'

const sorted = (names: string[]) => [...names].sort()

export function useJobNames(core: DurablyCore): string[] {
  const [names, setNames] = useState<string[]>(() => sorted(core.names.namesNow() ?? []))
  useEffect(() => {
    if (core.names.namesNow() !== null) return
    let live = true
    core.names.names().then((list) => live && setNames(sorted(list)))
    return () => {
      live = false
    }
  }, [core])
  return names
}
