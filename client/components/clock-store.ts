// One ticking clock for every countdown on screen: a single interval, running only while something shows one.

export interface ClockStore {
  /** The time of the latest tick (stable between ticks, as useSyncExternalStore needs). */
  now(): number
  /** Hears every tick; the clock ticks while at least one listener remains. */
  subscribe(listener: () => void): () => void
}

/** A clock ticking every `intervalMs` while it has listeners, however many there are. */
export function createClockStore(intervalMs = 1000): ClockStore {
  const listeners = new Set<() => void>()
  let timer: ReturnType<typeof setInterval> | null = null
  let current = Date.now()
  const tick = () => {
    current = Date.now()
    for (const listener of [...listeners]) listener()
  }
  return {
    now: () => current,
    subscribe(listener) {
      listeners.add(listener)
      if (timer === null) {
        current = Date.now()
        timer = setInterval(tick, intervalMs)
      }
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0 && timer !== null) {
          clearInterval(timer)
          timer = null
        }
      }
    },
  }
}

/** The app's countdown clock (one second). */
export const countdownClock = createClockStore(1000)
