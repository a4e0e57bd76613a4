// The countdown clock: one interval however many countdowns show, none when nothing does.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createClockStore } from './clock-store'

afterEach(() => vi.useRealTimers())

describe('clock store', () => {
  it('ticks every listener from one interval and stops when the last one leaves', () => {
    vi.useFakeTimers()
    const setInterval = vi.spyOn(globalThis, 'setInterval')
    const clock = createClockStore(1000)
    const ticks = [0, 0, 0]
    const stops = ticks.map((_, i) => clock.subscribe(() => (ticks[i] = (ticks[i] ?? 0) + 1)))
    expect(setInterval).toHaveBeenCalledTimes(1)
    const before = clock.now()
    vi.advanceTimersByTime(3000)
    expect(ticks).toEqual([3, 3, 3])
    expect(clock.now()).toBe(before + 3000)
    for (const stop of stops) stop()
    expect(vi.getTimerCount()).toBe(0)
    clock.subscribe(() => undefined)
    expect(setInterval).toHaveBeenCalledTimes(2)
  })
})
