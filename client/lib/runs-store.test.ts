// The live runs list: paging with X-Total-Count, in-place progress from the feed, refetch on lifecycle events.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { event } from '../test/events'
import { eventSourceRecorder } from '../test/fake-event-source'
import { createFakeApi, makeRun, type FakeApi } from '../test/fake-api'
import { createApi } from './api'
import { createAuthStore } from './auth-store'
import { createRunsStore } from './runs-store'
import type { RunsQuery } from './types'

let fake: FakeApi
let sources: ReturnType<typeof eventSourceRecorder>

function setup(query: RunsQuery) {
  const auth = createAuthStore()
  const store = createRunsStore(createApi('/api/durably', auth), auth, sources.open, query)
  const stop = store.subscribe(() => undefined)
  return { store, stop }
}

beforeEach(() => {
  fake = createFakeApi()
  vi.stubGlobal('fetch', fake.fetch)
  sources = eventSourceRecorder()
  for (let i = 1; i <= 5; i++) fake.runs.push(makeRun(`r${i}`, i % 2 ? 'completed' : 'failed'))
})
afterEach(() => vi.unstubAllGlobals())

describe('runs store', () => {
  it('loads a page, reads the total from X-Total-Count and pages forward and back', async () => {
    const { store } = setup({ pageSize: 2 })
    await vi.waitFor(() => expect(store.getState().isLoading).toBe(false))
    expect(store.getState()).toMatchObject({ page: 0, total: 5, hasMore: true })
    expect(store.getState().runs.map((r) => r.id)).toEqual(['r1', 'r2'])
    store.goToPage(2)
    await vi.waitFor(() => expect(store.getState().runs.map((r) => r.id)).toEqual(['r5']))
    expect(store.getState().hasMore).toBe(false)
  })

  it('sends filters as query parameters and leaves status out of the feed', async () => {
    const { store } = setup({ status: 'failed', jobName: 'import-csv', labels: { team: 'a' } })
    await vi.waitFor(() => expect(store.getState().isLoading).toBe(false))
    expect(store.getState().runs.every((r) => r.status === 'failed')).toBe(true)
    expect(fake.requests[0]).toContain('jobName=import-csv&status=failed&label.team=a')
    expect(sources.live()[0]?.url).toBe('/api/durably/runs/subscribe?jobName=import-csv&label.team=a')
  })

  it('patches progress in place and refetches when a run is triggered', async () => {
    const { store } = setup({ pageSize: 10 })
    await vi.waitFor(() => expect(store.getState().runs).toHaveLength(5))
    const feed = sources.live()[0]
    feed?.send(event('r1', 3, { type: 'run:progress', progress: { current: 4, total: 8, message: 'half' } }))
    expect(store.getState().runs[0]?.progress).toEqual({ current: 4, total: 8, message: 'half' })
    fake.runs.unshift(makeRun('r9', 'pending'))
    feed?.send(event('r9', 1, { type: 'run:trigger', input: {} }))
    await vi.waitFor(() => expect(store.getState().runs[0]?.id).toBe('r9'))
    expect(store.getState().total).toBe(6)
  })

  it('closes its feed when the last subscriber leaves', async () => {
    const { store, stop } = setup({})
    await vi.waitFor(() => expect(store.getState().isLoading).toBe(false))
    expect(sources.live()).toHaveLength(1)
    stop()
    expect(sources.live()).toHaveLength(0)
  })

  it('reports a failed request as an error', async () => {
    fake.failWith = 500
    const { store } = setup({})
    await vi.waitFor(() => expect(store.getState().error).toBe('nope'))
  })

  it('shows a run waiting, and running again, as soon as the feed says so', async () => {
    fake.runs.unshift(makeRun('r0', 'leased'))
    const { store } = setup({ pageSize: 10 })
    await vi.waitFor(() => expect(store.getState().runs).toHaveLength(6))
    const feed = sources.live()[0]
    const waitingFor = { kind: 'sleep', stepName: 'nap', stepIndex: 1, attempt: null, error: null } as const
    feed?.send(event('r0', 4, { type: 'run:waiting', waitingFor, wakeAt: '2026-01-01T12:01:00.000Z' }))
    expect(store.getState().runs[0]).toMatchObject({ status: 'waiting', isWaiting: true, isActive: false, waitingFor })
    feed?.send(event('r0', 5, { type: 'run:leased', input: {}, leaseOwner: 'o', leaseExpiresAt: 'x' }))
    expect(store.getState().runs[0]).toMatchObject({ status: 'leased', isWaiting: false, waitingFor: null, wakeAt: null })
    feed?.send(event('r1', 9, { type: 'run:waiting', waitingFor, wakeAt: null }))
    expect(store.getState().runs.find((r) => r.id === 'r1')?.status).toBe('completed')
  })
})
