// The child-runs store: a run's children asked by its parent label, once however many watch, again when the parent's
// stream says it started or stopped waiting or ended; and which parent wait started a child.
import { describe, expect, it, vi } from 'vitest'
import { event } from '../test/events'
import { makeRun, makeWait } from '../test/fake-api'
import { createChildRunsStore } from './child-runs-store'
import { hasChildRuns, invokeWaitOf, parentRunIdOf } from './run-family'
import type { ClientRun, DurablyEvent, RunsQuery } from './types'

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

function setup(answers: ClientRun[][]) {
  const getRuns = vi.fn(async (_query: RunsQuery, _limit: number, _offset: number) => ({ runs: answers.shift() ?? [], total: null }))
  const listeners = new Map<string, (event: DurablyEvent) => void>()
  const stops: string[] = []
  const liveRuns = {
    onEvent: (runId: string, listener: (event: DurablyEvent) => void) => {
      listeners.set(runId, listener)
      return () => void stops.push(runId)
    },
  }
  const store = createChildRunsStore({ getRuns }, liveRuns)
  const hear = (runId: string, body: Parameters<typeof event>[2]) => listeners.get(runId)?.(event(runId, 1, body))
  return { store, getRuns, hear, stops }
}

const child = (id: string, status: ClientRun['status']) => makeRun(id, status, { jobName: 'slow-steps', labels: { 'stepflare.parent': 'p1' } })

describe('child runs store', () => {
  it('lists a run’s children by its parent label, once however many watch, and stops listening when the last leaves', async () => {
    const { store, getRuns, stops } = setup([[child('c1', 'leased')]])
    const stopA = store.subscribe('p1', vi.fn())
    const stopB = store.subscribe('p1', vi.fn())
    expect(store.getState('p1').isLoading).toBe(true)
    await settle()
    expect(getRuns).toHaveBeenCalledTimes(1)
    expect(getRuns.mock.calls[0]?.[0]).toEqual({ labels: { 'stepflare.parent': 'p1' } })
    expect(store.getState('p1')).toMatchObject({ isLoading: false, error: null, runs: [{ id: 'c1', status: 'leased' }] })
    stopA()
    stopB()
    expect(stops).toEqual(['p1'])
    expect(store.getState('p1').runs).toEqual([])
  })

  it('asks again when the parent starts or stops waiting or ends, not on progress', async () => {
    const { store, getRuns, hear } = setup([[], [child('c1', 'pending')], [child('c1', 'completed')]])
    store.subscribe('p1', vi.fn())
    await settle()
    hear('p1', { type: 'run:progress', progress: { current: 1 } })
    await settle()
    expect(getRuns).toHaveBeenCalledTimes(1)
    hear('p1', { type: 'run:waiting', waitingFor: { kind: 'child', stepName: 'pack', stepIndex: null, attempt: null, error: null, waitId: 'w1', event: 'slow-steps' }, wakeAt: null })
    await settle()
    expect(store.getState('p1').runs.map((run) => run.status)).toEqual(['pending'])
    hear('p1', { type: 'run:leased', input: {}, leaseOwner: 'o', leaseExpiresAt: 'x' })
    await settle()
    expect(store.getState('p1').runs.map((run) => run.status)).toEqual(['completed'])
  })

  it('keeps the last list and says what failed when a request fails', async () => {
    const { store, getRuns } = setup([[child('c1', 'completed')]])
    store.subscribe('p1', vi.fn())
    await settle()
    getRuns.mockRejectedValueOnce(new Error('offline'))
    store.refresh('p1')
    await settle()
    expect(store.getState('p1')).toMatchObject({ error: 'offline', runs: [{ id: 'c1' }] })
  })
})

describe('run family', () => {
  const invoke = (id: string, extra = {}) => makeWait('p1', id, { name: 'invoke:pack', metadata: { invoke: 'slow-steps' }, ...extra })

  it('reads a child’s parent from its label, and whether a run started children from its waits', () => {
    expect(parentRunIdOf(child('c1', 'completed'))).toBe('p1')
    expect(parentRunIdOf(makeRun('r1', 'completed'))).toBeNull()
    expect(parentRunIdOf(null)).toBeNull()
    expect(hasChildRuns([makeWait('p1', 'w1'), invoke('w2')])).toBe(true)
    expect(hasChildRuns([makeWait('p1', 'w1', { metadata: { event: 'order.paid', match: null } })])).toBe(false)
  })

  it('finds the invoke wait of a child: the one whose answer names it, else the only pending wait of its job', () => {
    const answered = invoke('w1', { status: 'resolved', payload: { runId: 'c1', status: 'completed' } })
    const pending = invoke('w2', { name: 'invoke:ship' })
    expect(invokeWaitOf({ id: 'c1', jobName: 'slow-steps' }, [answered, pending])?.id).toBe('w1')
    expect(invokeWaitOf({ id: 'c2', jobName: 'slow-steps' }, [answered, pending])?.id).toBe('w2')
    expect(invokeWaitOf({ id: 'c2', jobName: 'slow-steps' }, [answered, pending, invoke('w3')])).toBeNull()
    expect(invokeWaitOf({ id: 'c2', jobName: 'import-csv' }, [answered, pending])).toBeNull()
  })
})
