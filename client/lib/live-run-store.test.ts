// The live run store: one EventSource per run, ref-counted, closed at the end, resumed after a drop.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { eventSourceRecorder } from '../test/fake-event-source'
import { event } from '../test/events'
import { createFakeApi, makeLog, makeRun, type FakeApi } from '../test/fake-api'
import { createApi } from './api'
import { createAuthStore } from './auth-store'
import { createLiveRunStore } from './live-run-store'

let fake: FakeApi
let sources: ReturnType<typeof eventSourceRecorder>

function setup() {
  const auth = createAuthStore()
  const store = createLiveRunStore(createApi('/api/durably', auth), auth, sources.open)
  return { auth, store }
}

beforeEach(() => {
  fake = createFakeApi()
  vi.stubGlobal('fetch', fake.fetch)
  sources = eventSourceRecorder()
})
afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

describe('live run store', () => {
  it('shares one EventSource among every subscriber of a run and closes it after the last leaves', () => {
    const { store } = setup()
    const offA = store.subscribe('r1', () => undefined)
    const offB = store.subscribe('r1', () => undefined)
    const offC = store.subscribe('r2', () => undefined)
    expect(sources.forRun('r1')).toHaveLength(1)
    expect(sources.forRun('r2')).toHaveLength(1)
    offA()
    offA()
    expect(sources.forRun('r1')).toHaveLength(1)
    offB()
    expect(sources.forRun('r1')).toHaveLength(0)
    offC()
    expect(store.openConnections()).toBe(0)
  })

  it('notifies subscribers with reduced state and closes the stream on a terminal event', () => {
    const { store } = setup()
    const seen: (string | null)[] = []
    store.subscribe('r1', () => seen.push(store.getState('r1').status))
    const [source] = sources.forRun('r1')
    source?.open()
    source?.send(event('r1', 1, { type: 'run:snapshot', run: makeRun('r1', 'leased') }), 1)
    source?.send(event('r1', 2, { type: 'run:progress', progress: { current: 1, total: 2 } }), 2)
    source?.send(event('r1', 3, { type: 'run:complete', output: null, duration: 5 }), 3)
    expect(seen).toContain('leased')
    expect(store.getState('r1').status).toBe('completed')
    expect(source?.closed).toBe(true)
    expect(store.getState('r1').connection).toBe('closed')
  })

  it('fetches the final record (timestamps) once a run ends after its snapshot', async () => {
    const { store } = setup()
    fake.runs.push(makeRun('r1', 'completed', { startedAt: '2026-01-01T12:00:00.000Z', output: { imported: 1 } }))
    store.subscribe('r1', () => undefined)
    const source = sources.forRun('r1')[0]
    source?.send(event('r1', 1, { type: 'run:snapshot', run: makeRun('r1', 'pending') }), 1)
    source?.send(event('r1', 2, { type: 'run:complete', output: { imported: 1 }, duration: 3 }), 2)
    await vi.waitFor(() => expect(store.getState('r1').run?.startedAt).toBe('2026-01-01T12:00:00.000Z'))
    expect(store.getState('r1').status).toBe('completed')
    expect(sources.live()).toHaveLength(0)
  })

  it('ignores events of another run on the stream', () => {
    const { store } = setup()
    store.subscribe('r1', () => undefined)
    sources.forRun('r1')[0]?.send(event('r9', 4, { type: 'run:cancel' }))
    expect(store.getState('r1').status).toBeNull()
    expect(store.getState('r1').lastSequence).toBe(0)
  })

  it('reopens a dropped stream with lastEventId after checking the run is still active', async () => {
    vi.useFakeTimers()
    const { store } = setup()
    fake.runs.push(makeRun('r1', 'leased'))
    store.subscribe('r1', () => undefined)
    const first = sources.forRun('r1')[0]
    first?.send(event('r1', 12, { type: 'run:leased', input: {}, leaseOwner: 'o', leaseExpiresAt: 'x' }), 12)
    first?.fail()
    await vi.waitFor(() => expect(fake.requests).toContain('GET /api/durably/run?runId=r1'))
    await vi.advanceTimersByTimeAsync(15_000)
    const second = sources.forRun('r1')
    expect(second).toHaveLength(1)
    expect(new URL(second[0]?.url ?? '', 'http://x').searchParams.get('lastEventId')).toBe('12')
  })

  it('settles a dropped stream from GET /run when the run already ended, without reconnecting', async () => {
    const { store } = setup()
    fake.runs.push(makeRun('r1', 'failed', { error: 'exploded' }))
    store.subscribe('r1', () => undefined)
    sources.forRun('r1')[0]?.fail()
    await vi.waitFor(() => expect(store.getState('r1').status).toBe('failed'))
    expect(store.getState('r1').error).toBe('exploded')
    expect(sources.live()).toHaveLength(0)
  })

  it('marks a run deleted when the API no longer knows it', async () => {
    const { store } = setup()
    store.subscribe('gone', () => undefined)
    sources.forRun('gone')[0]?.fail()
    await vi.waitFor(() => expect(store.getState('gone').isDeleted).toBe(true))
  })

  it('loads log history once the snapshot arrived and merges live lines', async () => {
    const { store } = setup()
    fake.logs.push(makeLog('r1', 2, 'stored two'), makeLog('r1', 3, 'stored three'))
    store.subscribe('r1', () => undefined)
    store.requestLogs('r1')
    expect(fake.requests.some((r) => r.startsWith('GET /api/durably/logs'))).toBe(false)
    const source = sources.forRun('r1')[0]
    source?.send(event('r1', 3, { type: 'run:snapshot', run: makeRun('r1', 'leased') }), 3)
    source?.send(event('r1', 4, { type: 'log:write', stepName: null, level: 'info', message: 'live four', data: null }), 4)
    await vi.waitFor(() => expect(store.getState('r1').logsLoaded).toBe(true))
    expect(store.getState('r1').logs.map((l) => l.message)).toEqual(['stored two', 'stored three', 'live four'])
  })

  it('resolves waitForEnd for a completed run without output and releases its connection', async () => {
    const { store } = setup()
    const done = store.waitForEnd('r1')
    const source = sources.forRun('r1')[0]
    source?.send(event('r1', 5, { type: 'run:complete', output: undefined, duration: 1 }), 5)
    const end = await done
    expect(end.status).toBe('completed')
    expect(end.output).toBeNull()
    expect(store.openConnections()).toBe(0)
  })

  it('waits for sign-in after a 401 and reconnects when it succeeds', async () => {
    const { store, auth } = setup()
    fake.failWith = 401
    store.subscribe('r1', () => undefined)
    sources.forRun('r1')[0]?.fail()
    await vi.waitFor(() => expect(auth.getState().required).toBe(true))
    expect(sources.live()).toHaveLength(0)
    fake.failWith = null
    fake.runs.push(makeRun('r1', 'leased'))
    auth.markSignedIn()
    await vi.waitFor(() => expect(sources.forRun('r1')).toHaveLength(1))
  })
})
