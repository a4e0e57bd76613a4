// Hook: the job names the server documents (for filters), loaded once.
import { useEffect, useState } from 'react'
import type { DurablyCore } from './core'

export function useJobNames(core: DurablyCore): string[] {
  const [names, setNames] = useState<string[]>([])
  useEffect(() => {
    let live = true
    core.names.serverNames().then((list) => live && setNames([...list].sort()))
    return () => {
      live = false
    }
  }, [core])
  return names
}
