// A run executes on its Durable Object: steps, progress and logs land in D1 and stay after the run ends.
import { describe, expect, it } from 'vitest'
import { durably } from '../../durably'
import { collectEvents, inspectRun, waitForStatus } from '../../../test/support/runs'

const rows = [
  { name: 'Ada', email: 'ada@example.com' },
  { name: 'Bob', email: 'not-an-email' },
  { name: 'Cy', email: 'cy@example.com' },
]

describe('a triggered run', () => {
  it('runs the seed import job to completion with its output', async () => {
    const run = await durably.jobs.importCsv.trigger({ filename: 'people.csv', rows })
    expect(run.status).toBe('pending')
    expect(run.disposition).toBe('created')
    const done = await waitForStatus(run.id, ['completed', 'failed'])
    expect(done.status).toBe('completed')
    expect(done.output).toEqual({ imported: 2 })
    expect(done.completedStepCount).toBe(2)
    expect(done.progress).toEqual({ current: 2, total: 2, message: 'Importing Cy...' })
    expect(Date.parse(done.startedAt ?? '')).toBeLessThanOrEqual(Date.parse(done.completedAt ?? ''))
  })

  it('keeps steps and logs after the run ends', async () => {
    const run = await durably.jobs.importCsv.trigger({ filename: 'kept.csv', rows })
    await waitForStatus(run.id, ['completed'])
    const steps = await durably.getSteps(run.id)
    expect(steps.map((s) => [s.index, s.name, s.status])).toEqual([
      [0, 'validate', 'completed'],
      [1, 'import', 'completed'],
    ])
    expect(steps[0]?.output).toEqual([rows[0], rows[2]])
    const logs = await durably.getLogs(run.id)
    expect(logs.map((l) => [l.level, l.message, l.stepName])).toEqual([['info', 'Starting import of kept.csv', null]])
  })

  it('numbers its stored events with increasing sequences, in protocol order', async () => {
    const run = await durably.jobs.importCsv.trigger({ filename: 'events.csv', rows })
    await waitForStatus(run.id, ['completed'])
    const events = await collectEvents(durably.subscribe(run.id, { afterSequence: 0 }))
    const types = events.map((e) => e.type)
    expect(types[0]).toBe('run:trigger')
    expect(types[1]).toBe('run:leased')
    expect(types).toContain('step:start')
    expect(types).toContain('step:complete')
    expect(types).toContain('log:write')
    expect(types.at(-1)).toBe('run:complete')
    const sequences = events.map((e) => e.sequence)
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b))
    expect(new Set(sequences).size).toBe(sequences.length)
    const state = await inspectRun(run.id)
    expect(state.lastSequence).toBe(sequences.at(-1))
  })
})
