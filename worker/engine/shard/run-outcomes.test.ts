// How runs end: a failing step fails the run with its error, a bad output fails it, a job without output completes.
import { describe, expect, it } from 'vitest'
import { ValidationError } from '../errors'
import { executionsOf, testDurably } from '../../../test/support/test-jobs'
import { waitForStatus } from '../../../test/support/runs'

describe('run outcomes', () => {
  it('fails the run with the failing step error, and starts no later step', async () => {
    const run = await testDurably.jobs.counted.trigger({ steps: 4, failAt: 1 })
    const done = await waitForStatus(run.id, ['completed', 'failed'])
    expect(done.status).toBe('failed')
    expect(done.error).toBe('boom at s1')
    expect(executionsOf(run.id)).toEqual({ s0: 1, s1: 1 })
    const steps = await testDurably.getSteps(run.id)
    expect(steps.map((s) => [s.name, s.status, s.error])).toEqual([
      ['s0', 'completed', null],
      ['s1', 'failed', 'boom at s1'],
    ])
  })

  it('fails a run whose output does not match the output schema, naming the field', async () => {
    const run = await testDurably.jobs.badOutput.trigger({})
    const done = await waitForStatus(run.id, ['completed', 'failed'])
    expect(done.status).toBe('failed')
    expect(done.error).toMatch(/output schema/)
    expect(done.error).toMatch(/count/)
    expect(done.output).toBeNull()
  })

  it('completes a job that has no output schema, and keeps its log data', async () => {
    const result = await testDurably.jobs.noOutput.triggerAndWait({ note: 'hello' })
    expect(result.output).toBeNull()
    const logs = await testDurably.getLogs(result.id)
    expect(logs).toMatchObject([{ level: 'warn', message: 'note', data: { note: 'hello' }, stepName: null }])
  })

  it('rejects bad input before creating anything, naming the field', async () => {
    const before = await testDurably.countRuns()
    const error = await testDurably.jobs.counted.trigger({ steps: 'two' } as never).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).issues[0]?.path).toBe('input.steps')
    expect(await testDurably.countRuns()).toBe(before)
  })

  it('stores every progress update position and keeps logs after completion', async () => {
    const run = await testDurably.jobs.counted.trigger({ steps: 3 })
    const done = await waitForStatus(run.id, ['completed'])
    expect(done.progress).toEqual({ current: 3, total: 3, message: 'done' })
    expect(done.currentStepIndex).toBe(3)
    expect(done.completedStepCount).toBe(3)
  })
})
