// The reducer that turns SSE events into run state: status moves, progress, steps, logs and ordering rules.
import { describe, expect, it } from 'vitest'
import { event } from '../test/events'
import { makeRun } from '../test/fake-api'
import { applyEvent, initialRunState, mergeLogs, reduceRun } from './run-reducer'
import { runHookFields } from './run-hook-fields'
import type { LogEntry, RunState } from './types'

const apply = (state: RunState, ...events: Parameters<typeof applyEvent>[1][]) => events.reduce(applyEvent, state)

describe('run reducer', () => {
  it('takes status, progress and output from a snapshot and records its sequence', () => {
    const run = makeRun('r1', 'leased', { progress: { current: 2, total: 5, message: 'two' } })
    const state = apply(initialRunState('r1'), event('r1', 7, { type: 'run:snapshot', run }))
    expect(state.status).toBe('leased')
    expect(state.progress).toEqual({ current: 2, total: 5, message: 'two' })
    expect(state.lastSequence).toBe(7)
    expect(state.run?.id).toBe('r1')
  })

  it('follows a run from trigger to completion', () => {
    const state = apply(
      initialRunState('r1'),
      event('r1', 1, { type: 'run:trigger', input: {} }),
      event('r1', 2, { type: 'run:leased', input: {}, leaseOwner: 'o', leaseExpiresAt: 'x' }),
      event('r1', 3, { type: 'run:progress', progress: { current: 1, total: 3, message: 'Validating...' } }),
      event('r1', 4, { type: 'run:complete', output: { imported: 3 }, duration: 20 }),
    )
    const view = runHookFields<{ imported: number }>(state, true)
    expect(view).toMatchObject({ status: 'completed', isCompleted: true, isTerminal: true, isActive: false, isLeased: false })
    expect(view.output).toEqual({ imported: 3 })
    expect(view.progress?.message).toBe('Validating...')
  })

  it('never moves a finished run back to leased or pending', () => {
    const failed = apply(initialRunState('r1'), event('r1', 5, { type: 'run:fail', error: 'boom', failedStepName: 's' }))
    const late = apply(failed, event('r1', 3, { type: 'run:leased', input: {}, leaseOwner: 'o', leaseExpiresAt: 'x' }))
    expect(late.status).toBe('failed')
    expect(late.error).toBe('boom')
    expect(late.lastSequence).toBe(5)
    const snapshot = reduceRun(late, { type: 'run:loaded', run: makeRun('r1', 'leased') })
    expect(snapshot.status).toBe('failed')
  })

  it('keeps a timeline of steps with durations', () => {
    const state = apply(
      initialRunState('r1'),
      event('r1', 1, { type: 'step:start', stepName: 'validate', stepIndex: 0 }),
      event('r1', 3, { type: 'step:complete', stepName: 'validate', stepIndex: 0, output: null, duration: 200 }),
      event('r1', 4, { type: 'step:start', stepName: 'import', stepIndex: 1 }),
      event('r1', 6, { type: 'step:fail', stepName: 'import', stepIndex: 1, error: 'bad row' }),
    )
    expect(state.steps.map((s) => [s.name, s.status, s.durationMs])).toEqual([
      ['validate', 'completed', 200],
      ['import', 'failed', 200],
    ])
    expect(state.steps[1]?.error).toBe('bad row')
  })

  it('merges stored and live log lines by sequence without duplicates', () => {
    const live = apply(
      initialRunState('r1'),
      event('r1', 4, { type: 'log:write', stepName: null, level: 'info', message: 'four', data: null }),
      event('r1', 6, { type: 'log:write', stepName: 'import', level: 'warn', message: 'six', data: { n: 6 } }),
    )
    const history: LogEntry[] = [2, 4].map((sequence) => ({
      id: `l${sequence}`, runId: 'r1', sequence, stepName: null, level: 'info', message: `stored ${sequence}`, data: null, timestamp: 't',
    }))
    const merged = reduceRun(live, { type: 'logs:loaded', logs: history })
    expect(merged.logs.map((l) => l.sequence)).toEqual([2, 4, 6])
    expect(merged.logsLoaded).toBe(true)
    expect(mergeLogs(merged.logs, history)).toBe(merged.logs)
  })

  it('marks a deleted run and reports pending for a run id not yet described', () => {
    const deleted = apply(initialRunState('r1'), event('r1', 9, { type: 'run:delete' }))
    expect(deleted.isDeleted).toBe(true)
    expect(runHookFields(initialRunState('r1'), true)).toMatchObject({ status: 'pending', isPending: true, isActive: true })
    expect(runHookFields(initialRunState(null), false)).toMatchObject({ status: null, isActive: false, isTerminal: false })
  })
})
