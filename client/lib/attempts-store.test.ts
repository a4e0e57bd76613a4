// The attempts store: GET /attempts when a step's attempts open, again when that step's attempt ends on the stream.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { event } from '../test/events'
import { createFakeApi, makeAttempt, type FakeApi } from '../test/fake-api'
import { eventSourceRecorder } from '../test/fake-event-source'
import { createApi } from './api'
import { attemptsOfStep, createAttemptsStore } from './attempts-store'
import { createAuthStore } from './auth-store'
import { createLiveRunStore } from './live-run-store'

let fake: FakeApi
let sources: ReturnType<typeof eventSourceRecorder>

function setup() {
  const auth = createAuthStore()
  const api = createApi('/api/durably', auth)
  const runs = createLiveRunStore(api, auth, sources.open)
  return { runs, attempts: createAttemptsStore(api, runs) }
}

const fetches = () => fake.requests.filter((r) => r.startsWith('GET /api/durably/attempts')).length
const retry = (sequence: number, stepIndex: number) =>
  event('r1', sequence, {
    type: 'step:retry', stepName: `step-${stepIndex}`, stepIndex, error: 'boom', attempt: 1, outcome: 'failed',
    attemptStartedAt: 't', stack: null, nextAttemptAt: 't',
  })

beforeEach(() => {
  fake = createFakeApi()
  vi.stubGlobal('fetch', fake.fetch)
  sources = eventSourceRecorder()
})
afterEach(() => vi.unstubAllGlobals())

describe('attempts store', () => {
  it('fetches a run’s attempts when a step is opened, typed through the API client', async () => {
    const { attempts } = setup()
    fake.attempts.push(makeAttempt('r1', 0, 1, 'failed'), makeAttempt('r1', 0, 2, 'completed'), makeAttempt('r2', 0, 1, 'completed'))
    attempts.subscribe('r1', 0, () => undefined)
    expect(attempts.getState('r1').isLoading).toBe(true)
    await vi.waitFor(() => expect(attempts.getState('r1').isLoading).toBe(false))
    expect(attempts.getState('r1').attempts.map((a) => [a.attempt, a.outcome])).toEqual([[1, 'failed'], [2, 'completed']])
    expect(fake.requests).toContain('GET /api/durably/attempts?runId=r1')
  })

  it('fetches again when the open step’s attempt ends, not for other steps’ events', async () => {
    const { runs, attempts } = setup()
    const stopRun = runs.subscribe('r1', () => undefined)
    const source = sources.forRun('r1')[0]
    const stop = attempts.subscribe('r1', 0, () => undefined)
    await vi.waitFor(() => expect(fetches()).toBe(1))
    source?.send(retry(2, 1), 2)
    source?.send(event('r1', 3, { type: 'step:start', stepName: 'step-0', stepIndex: 0, attempt: 2 }), 3)
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(fetches()).toBe(1)
    fake.attempts.push(makeAttempt('r1', 0, 1, 'failed'))
    source?.send(retry(4, 0), 4)
    await vi.waitFor(() => expect(attempts.getState('r1').attempts).toHaveLength(1))
    source?.send(event('r1', 5, { type: 'step:complete', stepName: 'step-0', stepIndex: 0, output: null, duration: 1 }), 5)
    await vi.waitFor(() => expect(fetches()).toBe(3))
    stop()
    source?.send(retry(6, 0), 6)
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(fetches()).toBe(3)
    stopRun()
  })

  it('reports a failed request as an error', async () => {
    const { attempts } = setup()
    fake.failWith = 500
    attempts.subscribe('r1', 0, () => undefined)
    await vi.waitFor(() => expect(attempts.getState('r1').error).toBe('nope'))
  })

  it('picks one step’s attempts in order', () => {
    const list = [makeAttempt('r1', 1, 2, 'completed'), makeAttempt('r1', 0, 1, 'completed'), makeAttempt('r1', 1, 1, 'timed_out')]
    expect(attemptsOfStep(list, 1).map((a) => a.attempt)).toEqual([1, 2])
  })
})
