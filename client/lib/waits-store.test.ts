// The waits store: one fetch per shown run, a refetch when the run starts or stops waiting or ends, a signal's
// receipt taken in at once, and the wait a run is suspended on found among its waits.
import { describe, expect, it, vi } from 'vitest'
import { event } from '../test/events'
import { makeWait } from '../test/fake-api'
import type { DurableWait, DurablyEvent } from './types'
import { currentWait, createWaitsStore } from './waits-store'

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

function setup(answers: DurableWait[][]) {
  const list = vi.fn(async (_runId: string) => answers.shift() ?? [])
  const listeners = new Map<string, (event: DurablyEvent) => void>()
  const stops: string[] = []
  const liveRuns = {
    onEvent: (runId: string, listener: (event: DurablyEvent) => void) => {
      listeners.set(runId, listener)
      return () => void stops.push(runId)
    },
  }
  const store = createWaitsStore({ waits: { list, get: vi.fn(), signal: vi.fn() } }, liveRuns)
  const hear = (runId: string, body: Parameters<typeof event>[2]) => listeners.get(runId)?.(event(runId, 1, body))
  return { store, list, hear, stops }
}

describe('waits store', () => {
  it('fetches a run’s waits once however many watch, and stops listening when the last one leaves', async () => {
    const { store, list, stops } = setup([[makeWait('r1', 'w1')]])
    expect(store.getState('r1')).toEqual({ waits: [], isLoading: false, error: null })
    const a = vi.fn()
    const stopA = store.subscribe('r1', a)
    const stopB = store.subscribe('r1', vi.fn())
    expect(store.getState('r1').isLoading).toBe(true)
    await settle()
    expect(list).toHaveBeenCalledTimes(1)
    expect(store.getState('r1')).toMatchObject({ isLoading: false, waits: [{ id: 'w1', status: 'pending' }] })
    expect(a).toHaveBeenCalled()
    stopA()
    expect(stops).toEqual([])
    stopB()
    expect(stops).toEqual(['r1'])
  })

  it('fetches again when the run waits, resumes or ends, not on other events', async () => {
    const { store, list, hear } = setup([[], [makeWait('r1', 'w1')], [makeWait('r1', 'w1', { status: 'resolved', outcome: 'signal', payload: { approved: true } })]])
    store.subscribe('r1', vi.fn())
    await settle()
    hear('r1', { type: 'run:progress', progress: { current: 1 } })
    hear('r1', { type: 'log:write', level: 'info', message: 'x', data: null, stepName: null } as never)
    await settle()
    expect(list).toHaveBeenCalledTimes(1)
    hear('r1', { type: 'run:waiting', waitingFor: { kind: 'signal', stepName: 'decision', stepIndex: null, attempt: null, error: null, waitId: 'w1' }, wakeAt: null })
    await settle()
    expect(store.getState('r1').waits.map((w) => w.status)).toEqual(['pending'])
    hear('r1', { type: 'run:leased', input: {}, leaseOwner: 'o', leaseExpiresAt: 'x' })
    await settle()
    expect(list).toHaveBeenCalledTimes(3)
    expect(store.getState('r1').waits[0]).toMatchObject({ status: 'resolved', payload: { approved: true } })
  })

  it('asks once more, not once per event, when events arrive while a fetch is under way', async () => {
    const { store, list, hear } = setup([])
    store.subscribe('r1', vi.fn())
    hear('r1', { type: 'run:leased', input: {}, leaseOwner: 'o', leaseExpiresAt: 'x' })
    hear('r1', { type: 'run:complete', output: null, duration: 1 })
    await settle()
    await settle()
    expect(list).toHaveBeenCalledTimes(2)
  })

  it('takes in a receipt’s wait at once and keeps a failed fetch’s message', async () => {
    const { store } = setup([[makeWait('r1', 'w1')]])
    store.subscribe('r1', vi.fn())
    await settle()
    store.put(makeWait('r1', 'w1', { status: 'resolved', outcome: 'signal', payload: 1 }))
    store.put(makeWait('r9', 'w9'))
    expect(store.getState('r1').waits).toMatchObject([{ id: 'w1', status: 'resolved', payload: 1 }])
    expect(store.getState('r9').waits).toEqual([])

    const failing = createWaitsStore({ waits: { list: async () => Promise.reject(new Error('Forbidden')), get: vi.fn(), signal: vi.fn() } }, { onEvent: () => () => undefined })
    failing.subscribe('r2', vi.fn())
    await settle()
    expect(failing.getState('r2')).toMatchObject({ isLoading: false, error: 'Forbidden' })
  })
})

describe('currentWait', () => {
  const waits = [makeWait('r1', 'w1', { status: 'resolved' }), makeWait('r1', 'w2'), makeWait('r1', 'w3', { name: 'other' })]
  const signal = (waitId?: string) => ({ kind: 'signal' as const, stepName: 'decision', stepIndex: null, attempt: null, error: null, waitId })

  it('finds the wait by its id, else the pending wait of that name; none for other kinds of wait', () => {
    expect(currentWait(signal('w3'), waits)?.id).toBe('w3')
    expect(currentWait(signal('nope'), waits)).toBeNull()
    expect(currentWait(signal(undefined), waits)?.id).toBe('w2')
    expect(currentWait({ ...signal('w2'), kind: 'sleep' }, waits)).toBeNull()
    expect(currentWait(null, waits)).toBeNull()
  })

  it('finds an event wait by id or step name, and a child run’s wait by id or as invoke:<step>', () => {
    const family = [makeWait('r1', 'e1', { name: 'payment' }), makeWait('r1', 'c1', { name: 'invoke:pack', metadata: { invoke: 'slow-steps' } })]
    expect(currentWait({ ...signal('e1'), kind: 'event', stepName: 'payment', event: 'order.paid' }, family)?.id).toBe('e1')
    expect(currentWait({ ...signal(undefined), kind: 'event', stepName: 'payment', event: 'order.paid' }, family)?.id).toBe('e1')
    expect(currentWait({ ...signal(undefined), kind: 'child', stepName: 'pack', event: 'slow-steps' }, family)?.id).toBe('c1')
    expect(currentWait({ ...signal('c1'), kind: 'child', stepName: 'pack' }, family)?.id).toBe('c1')
  })
})
