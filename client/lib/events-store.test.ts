// The events list: loaded when first watched, filtered by name, the newest answer wins, errors kept beside the list.
import { describe, expect, it, vi } from 'vitest'
import type { SentEvent } from './event-api'
import { createEventsStore, EVENTS_SHOWN } from './events-store'

const sent = (id: string, name = 'order.paid'): SentEvent => ({ id, name, payload: { orderId: id }, matched: 1, wokenRuns: ['r1'], createdAt: '2026-01-01T12:00:00.000Z' })
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('events store', () => {
  it('loads the newest events when first watched, and the events of one name when filtered', async () => {
    const list = vi.fn(async (filter: { name?: string; limit?: number } = {}) => (filter.name ? [sent('e2', filter.name)] : [sent('e1'), sent('e0', 'other')]))
    const store = createEventsStore({ list })
    expect(store.getState().isLoading).toBe(true)
    store.subscribe(vi.fn())
    store.subscribe(vi.fn())
    await settle()
    expect(list).toHaveBeenCalledTimes(1)
    expect(list).toHaveBeenLastCalledWith({ limit: EVENTS_SHOWN })
    expect(store.getState()).toMatchObject({ isLoading: false, name: '', events: [{ id: 'e1' }, { id: 'e0' }] })
    store.setName('  ci/build:done ')
    expect(store.getState()).toMatchObject({ name: 'ci/build:done', events: [], isLoading: true })
    await settle()
    expect(list).toHaveBeenLastCalledWith({ name: 'ci/build:done', limit: EVENTS_SHOWN })
    expect(store.getState().events.map((e) => e.name)).toEqual(['ci/build:done'])
  })

  it('shows the answer of the latest request only, and an error without dropping the list', async () => {
    let release: (events: SentEvent[]) => void = () => undefined
    const list = vi.fn()
      .mockImplementationOnce(async () => [sent('e1')])
      .mockImplementationOnce(() => new Promise<SentEvent[]>((resolve) => (release = resolve)))
      .mockImplementationOnce(async () => [sent('e3')])
      .mockImplementationOnce(async () => Promise.reject(new Error('offline')))
    const store = createEventsStore({ list })
    store.subscribe(vi.fn())
    await settle()
    const slow = store.refresh()
    await store.refresh()
    release([sent('e2')])
    await slow
    expect(store.getState().events.map((e) => e.id)).toEqual(['e3'])
    await store.refresh()
    expect(store.getState()).toMatchObject({ error: 'offline', events: [{ id: 'e3' }] })
  })
})
