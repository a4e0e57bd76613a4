// Hook: the current time at each render, re-rendering at least every `intervalMs` (relative times, running durations).
import { useEffect, useState } from 'react'

export function useNow(intervalMs: number, enabled = true): number {
  const [, setTick] = useState(0)
  useEffect(() => {
    if (!enabled) return
    const timer = setInterval(() => setTick((n) => n + 1), intervalMs)
    return () => clearInterval(timer)
  }, [intervalMs, enabled])
  return Date.now()
}
