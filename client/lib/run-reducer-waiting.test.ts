// The reducer and hook fields for runs that wait: a retry's backoff, a sleep, resuming, and a finished run staying put.
import { describe, expect, it } from 'vitest'
import { event } from '../test/events'
import { makeRun } from '../test/fake-api'
import { applyEvent, initialRunState, reduceRun } from './run-reducer'
import { runHookFields } from './run-hook-fields'
import type { RunState, WaitingFor } from './types'

const apply = (state: RunState, ...events: Parameters<typeof applyEvent>[1][]) => events.reduce(applyEvent, state)
const retry: WaitingFor = { kind: 'retry', stepName: 'fetch', stepIndex: 0, attempt: 2, error: 'Upstream answered 503' }
const sleep: WaitingFor = { kind: 'sleep', stepName: 'cool-down', stepIndex: 1, attempt: null, error: null }
const leased = { type: 'run:leased', input: {}, leaseOwner: 'o', leaseExpiresAt: 'x' } as const
const wakeAt = '2026-01-01T12:00:05.000Z'

function retried(): RunState {
  return apply(
    initialRunState('r1'),
    event('r1', 1, leased),
    event('r1', 2, { type: 'step:start', stepName: 'fetch', stepIndex: 0 }),
    event('r1', 3, {
      type: 'step:retry', stepName: 'fetch', stepIndex: 0, error: 'Upstream answered 503', attempt: 1, outcome: 'failed',
      attemptStartedAt: '2026-01-01T12:00:00.200Z', stack: 'Error: …', nextAttemptAt: wakeAt,
    }),
    event('r1', 4, { type: 'run:waiting', waitingFor: retry, wakeAt }),
  )
}

describe('run reducer: waiting runs', () => {
  it('shows a step retrying with its failed attempt and error, and the run waiting for it', () => {
    const state = retried()
    expect(state.steps[0]).toMatchObject({ name: 'fetch', status: 'retrying', attempt: 1, error: 'Upstream answered 503' })
    expect(state.steps[0]?.startedAt).toBe('2026-01-01T12:00:00.200Z')
    expect(state).toMatchObject({ status: 'waiting', wakeAt, waitingFor: retry })
    expect(runHookFields(state, true)).toMatchObject({
      status: 'waiting', isWaiting: true, isActive: false, isTerminal: false, isLeased: false, wakeAt, waitingFor: retry,
    })
  })

  it('is running again when leased after waiting, the next attempt on the same step row', () => {
    const state = apply(
      retried(),
      event('r1', 5, leased),
      event('r1', 6, { type: 'step:start', stepName: 'fetch', stepIndex: 0, attempt: 2 }),
    )
    expect(state).toMatchObject({ status: 'leased', wakeAt: null, waitingFor: null })
    expect(state.steps).toHaveLength(1)
    expect(state.steps[0]).toMatchObject({ status: 'running', attempt: 2, error: null, startedAt: '2026-01-01T12:00:00.200Z' })
    const done = apply(state, event('r1', 7, { type: 'step:complete', stepName: 'fetch', stepIndex: 0, output: null, duration: 5 }))
    expect(done.steps[0]).toMatchObject({ status: 'completed', attempt: 2 })
    expect(runHookFields(done, true)).toMatchObject({ isLeased: true, isWaiting: false, isActive: true })
  })

  it('records a failed last attempt with its number', () => {
    const state = apply(
      retried(),
      event('r1', 5, leased),
      event('r1', 6, { type: 'step:start', stepName: 'fetch', stepIndex: 0, attempt: 2 }),
      event('r1', 7, { type: 'step:fail', stepName: 'fetch', stepIndex: 0, error: 'gone', attempt: 2, outcome: 'failed' }),
    )
    expect(state.steps[0]).toMatchObject({ status: 'failed', attempt: 2, error: 'gone' })
  })

  it('takes what a run waits for from a snapshot and clears it when the run ends', () => {
    const snapshot = apply(initialRunState('r1'), event('r1', 3, { type: 'run:snapshot', run: makeRun('r1', 'waiting', { wakeAt, waitingFor: sleep }) }))
    expect(snapshot).toMatchObject({ status: 'waiting', wakeAt, waitingFor: sleep })
    const done = apply(snapshot, event('r1', 4, { type: 'run:complete', output: { ok: true }, duration: 9 }))
    expect(done).toMatchObject({ status: 'completed', wakeAt: null, waitingFor: null })
    // A late wait or lease never moves it back.
    const late = apply(done, event('r1', 2, { type: 'run:waiting', waitingFor: sleep, wakeAt }), event('r1', 3, leased))
    expect(late).toMatchObject({ status: 'completed', waitingFor: null })
    expect(reduceRun(late, { type: 'run:loaded', run: makeRun('r1', 'waiting', { waitingFor: sleep, wakeAt }) })).toMatchObject({
      status: 'completed', waitingFor: null,
    })
  })

  it('keeps a delayed pending run pending with its start time until it is leased', () => {
    const pending = apply(initialRunState('r1'), event('r1', 1, { type: 'run:snapshot', run: makeRun('r1', 'pending', { wakeAt }) }))
    expect(runHookFields(pending, true)).toMatchObject({ isPending: true, isActive: true, wakeAt })
    expect(apply(pending, event('r1', 2, leased))).toMatchObject({ status: 'leased', wakeAt: null })
  })

  it('does not reopen a finished step on a stray retry', () => {
    const state = apply(
      initialRunState('r1'),
      event('r1', 1, { type: 'step:start', stepName: 'fetch', stepIndex: 0 }),
      event('r1', 2, { type: 'step:complete', stepName: 'fetch', stepIndex: 0, output: null, duration: 5 }),
      event('r1', 3, {
        type: 'step:retry', stepName: 'fetch', stepIndex: 0, error: 'x', attempt: 1, outcome: 'interrupted',
        attemptStartedAt: 't', stack: null, nextAttemptAt: wakeAt,
      }),
    )
    expect(state.steps[0]?.status).toBe('completed')
  })
})
