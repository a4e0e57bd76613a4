// Hook: the shared countdown clock's time, re-rendering on each of its ticks while `enabled` (one interval for all).
import { useSyncExternalStore } from 'react'
import { countdownClock, type ClockStore } from './clock-store'

const idle = () => () => undefined

export function useClock(enabled = true, clock: ClockStore = countdownClock): number {
  const now = useSyncExternalStore(enabled ? clock.subscribe : idle, clock.now, clock.now)
  return enabled ? now : Date.now()
}
