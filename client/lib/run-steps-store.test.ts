// The steps timeline: the steps a snapshot carries (GET /steps when it has none or left some out), then step events.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { event } from '../test/events'
import { createFakeApi, makeRun, makeStep, type FakeApi } from '../test/fake-api'
import { eventSourceRecorder } from '../test/fake-event-source'
import { createApi } from './api'
import { createAuthStore } from './auth-store'
import { createRunStepsStore } from './run-steps-store'
import { createLiveRunStore } from './live-run-store'

let fake: FakeApi
let sources: ReturnType<typeof eventSourceRecorder>

function setup() {
  const auth = createAuthStore()
  const api = createApi('/api/durably', auth)
  const runs = createLiveRunStore(api, auth, sources.open)
  return { runs, steps: createRunStepsStore(api, runs) }
}

const stepsFetches = () => fake.requests.filter((r) => r.startsWith('GET /api/durably/steps')).length
const statuses = (list: { status: string }[]) => list.map((s) => s.status).join(',')

beforeEach(() => {
  fake = createFakeApi()
  vi.stubGlobal('fetch', fake.fetch)
  sources = eventSourceRecorder()
})
afterEach(() => vi.unstubAllGlobals())

describe('run steps store', () => {
  it('asks GET /steps once for a run whose stream reports 50 steps, and applies their events itself', async () => {
    const { steps } = setup()
    fake.steps.push(makeStep('r1', 0, '2026-01-01T11:59:00.000Z'))
    steps.subscribe('r1', () => undefined)
    const source = sources.forRun('r1')[0]
    source?.send(event('r1', 1, { type: 'run:snapshot', run: makeRun('r1', 'leased') }), 1)
    await vi.waitFor(() => expect(steps.getSteps('r1')).toHaveLength(1))
    let sequence = 2
    for (let index = 1; index <= 50; index++) {
      source?.send(event('r1', sequence, { type: 'step:start', stepName: `s${index}`, stepIndex: index }), sequence++)
      expect(steps.getSteps('r1').at(-1)?.status).toBe('running')
      const done = { type: 'step:complete', stepName: `s${index}`, stepIndex: index, output: null, duration: 5 } as const
      source?.send(event('r1', sequence, done), sequence++)
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(stepsFetches()).toBe(1)
    expect(steps.getSteps('r1')).toHaveLength(51)
    expect(statuses(steps.getSteps('r1'))).toBe(Array(51).fill('completed').join(','))
    expect(steps.getSteps('r1')[1]).toMatchObject({ name: 's1', index: 1, completedAt: expect.any(String) })
  })

  it('takes the steps a snapshot carries and asks no GET /steps, then applies step events to them', async () => {
    const { steps } = setup()
    const carried = [0, 1, 2].map((index) => makeStep('r1', index, `2026-01-01T12:00:0${index}.000Z`))
    steps.subscribe('r1', () => undefined)
    const source = sources.forRun('r1')[0]
    source?.send(event('r1', 7, { type: 'run:snapshot', run: makeRun('r1', 'leased'), steps: carried, stepsOmitted: 0 }), 7)
    expect(steps.getSteps('r1').map((step) => step.name)).toEqual(['step-0', 'step-1', 'step-2'])
    source?.send(event('r1', 8, { type: 'step:start', stepName: 'step-3', stepIndex: 3 }), 8)
    source?.send(event('r1', 9, { type: 'step:complete', stepName: 'step-3', stepIndex: 3, output: 3, duration: 5 }), 9)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(stepsFetches()).toBe(0)
    expect(statuses(steps.getSteps('r1'))).toBe('completed,completed,completed,completed')
  })

  it('asks GET /steps for the earlier steps a snapshot of a huge run left out', async () => {
    const { steps } = setup()
    fake.steps.push(...[0, 1, 2].map((index) => makeStep('r1', index, '2026-01-01T12:00:00.000Z')))
    steps.subscribe('r1', () => undefined)
    const newest = [makeStep('r1', 2, '2026-01-01T12:00:00.000Z')]
    const snapshot = { type: 'run:snapshot', run: makeRun('r1', 'completed'), steps: newest, stepsOmitted: 2 } as const
    sources.forRun('r1')[0]?.send(event('r1', 5, snapshot), 5)
    expect(steps.getSteps('r1')).toHaveLength(1)
    await vi.waitFor(() => expect(steps.getSteps('r1')).toHaveLength(3))
    expect(stepsFetches()).toBe(1)
  })

  it('keeps a stored finished step when its start is heard late, and shows a failed step with its error', async () => {
    const { steps } = setup()
    fake.steps.push(makeStep('r1', 0, '2026-01-01T11:59:00.000Z'))
    steps.subscribe('r1', () => undefined)
    const source = sources.forRun('r1')[0]
    source?.send(event('r1', 1, { type: 'run:snapshot', run: makeRun('r1', 'leased') }), 1)
    await vi.waitFor(() => expect(steps.getSteps('r1')).toHaveLength(1))
    source?.send(event('r1', 2, { type: 'step:start', stepName: 'step-0', stepIndex: 0 }), 2)
    source?.send(event('r1', 3, { type: 'step:fail', stepName: 'load', stepIndex: 1, error: 'disk full' }), 3)
    expect(statuses(steps.getSteps('r1'))).toBe('completed,failed')
    expect(steps.getSteps('r1')[1]?.error).toBe('disk full')
  })

  it('asks again only when a reconnect starts from a snapshot (events may be missing), not when it replays', async () => {
    vi.useFakeTimers()
    try {
      const { steps } = setup()
      fake.runs.push(makeRun('r1', 'leased'))
      steps.subscribe('r1', () => undefined)
      const first = sources.forRun('r1')[0]
      first?.send(event('r1', 1, { type: 'run:snapshot', run: makeRun('r1', 'leased') }), 1)
      first?.fail()
      await vi.advanceTimersByTimeAsync(15_000)
      const second = sources.forRun('r1')[0]
      second?.send(event('r1', 2, { type: 'step:start', stepName: 'a', stepIndex: 0 }), 2)
      await vi.advanceTimersByTimeAsync(10)
      expect(stepsFetches()).toBe(1)
      second?.fail()
      await vi.advanceTimersByTimeAsync(15_000)
      fake.steps.push(makeStep('r1', 0, '2026-01-01T12:00:00.000Z'), makeStep('r1', 1, '2026-01-01T12:00:01.000Z'))
      sources.forRun('r1')[0]?.send(event('r1', 9, { type: 'run:snapshot', run: makeRun('r1', 'leased') }), 9)
      await vi.advanceTimersByTimeAsync(10)
      expect(stepsFetches()).toBe(2)
      expect(statuses(steps.getSteps('r1'))).toBe('completed,completed')
    } finally {
      vi.useRealTimers()
    }
  })

  it('asks for a run another view already streams, and shares its one stream', async () => {
    const { runs, steps } = setup()
    runs.subscribe('r1', () => undefined)
    sources.forRun('r1')[0]?.send(event('r1', 1, { type: 'run:snapshot', run: makeRun('r1', 'completed') }), 1)
    fake.steps.push(makeStep('r1', 0, '2026-01-01T12:00:00.000Z'))
    const stop = steps.subscribe('r1', () => undefined)
    await vi.waitFor(() => expect(steps.getSteps('r1')).toHaveLength(1))
    expect(stepsFetches()).toBe(1)
    stop()
    expect(steps.getSteps('r1')).toEqual([])
  })

  it('shows a step retrying with its failed attempt and error, then running its next attempt on the same row', async () => {
    const { steps } = setup()
    steps.subscribe('r1', () => undefined)
    const source = sources.forRun('r1')[0]
    source?.send(event('r1', 1, { type: 'run:snapshot', run: makeRun('r1', 'leased'), steps: [], stepsOmitted: 0 }), 1)
    source?.send(event('r1', 2, { type: 'step:start', stepName: 'fetch', stepIndex: 0 }), 2)
    const firstStart = steps.getSteps('r1')[0]?.startedAt
    source?.send(event('r1', 3, {
      type: 'step:retry', stepName: 'fetch', stepIndex: 0, error: 'Upstream answered 503', attempt: 1, outcome: 'failed',
      attemptStartedAt: firstStart ?? '', stack: null, nextAttemptAt: 't',
    }), 3)
    expect(steps.getSteps('r1')[0]).toMatchObject({ status: 'retrying', attempts: 1, error: 'Upstream answered 503', completedAt: null })
    source?.send(event('r1', 5, { type: 'step:start', stepName: 'fetch', stepIndex: 0, attempt: 2 }), 5)
    expect(steps.getSteps('r1')[0]).toMatchObject({ status: 'running', attempts: 2, error: null, startedAt: firstStart })
    source?.send(event('r1', 6, { type: 'step:complete', stepName: 'fetch', stepIndex: 0, output: null, duration: 5 }), 6)
    expect(steps.getSteps('r1')).toHaveLength(1)
    expect(steps.getSteps('r1')[0]).toMatchObject({ status: 'completed', attempts: 2 })
  })

  it('shows the step a run waits in when opened during the wait (a snapshot carries finished steps only)', async () => {
    const { steps } = setup()
    steps.subscribe('r1', () => undefined)
    const waitingFor = { kind: 'retry', stepName: 'fetch', stepIndex: 0, attempt: 3, error: 'Upstream answered 503' } as const
    const run = makeRun('r1', 'waiting', { waitingFor, wakeAt: '2026-01-01T12:00:09.000Z' })
    sources.forRun('r1')[0]?.send(event('r1', 4, { type: 'run:snapshot', run, steps: [], stepsOmitted: 0 }), 4)
    expect(steps.getSteps('r1')).toEqual([expect.objectContaining({ name: 'fetch', status: 'retrying', attempts: 2, error: 'Upstream answered 503' })])
    const stored = { ...makeStep('r1', 0, '2026-01-01T12:00:00.000Z'), name: 'fetch', attempts: 3 }
    const sleeping = makeRun('r1', 'waiting', { waitingFor: { kind: 'sleep', stepName: 'cool-down', stepIndex: 1, attempt: null, error: null } })
    sources.forRun('r1')[0]?.send(event('r1', 9, { type: 'run:snapshot', run: sleeping, steps: [stored], stepsOmitted: 0 }), 9)
    expect(steps.getSteps('r1').map((s) => [s.name, s.status, s.attempts])).toEqual([['fetch', 'completed', 3], ['cool-down', 'running', 1]])
  })
})
