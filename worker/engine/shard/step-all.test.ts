// step.all: branches run side by side, each journaled as a step; a retry waits for the other branches; after a
// restart only unfinished branches run again.
import { abortAllDurableObjects } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { executionsOf, testDurably } from '../../../test/support/test-jobs'
import { waitForStatus } from '../../../test/support/runs'

describe('step.all', () => {
  it('runs the branches side by side and answers their results by name', async () => {
    const started = Date.now()
    const run = await testDurably.jobs.parallel.trigger({ slowMs: 300, cFails: 0 })
    const done = await waitForStatus(run.id, ['completed', 'failed'])
    expect(done.output).toEqual({ a: 'A', b: 'B', c: 1 })
    expect(executionsOf(run.id)).toEqual({ a: 1, b: 1, c: 1, after: 1 })
    expect(Date.now() - started).toBeLessThan(3_000)
    const steps = await testDurably.getSteps(run.id)
    expect(steps.map((step) => step.name)).toEqual(['a', 'b', 'c', 'after'])
    const logs = await testDurably.getLogs(run.id)
    expect(logs).toMatchObject([{ message: 'a ran', stepName: 'a' }])
  })

  it('retries a failing branch after the others settled, without running them again', async () => {
    const run = await testDurably.jobs.parallel.trigger({ slowMs: 200, cFails: 1 })
    const done = await waitForStatus(run.id, ['completed', 'failed'])
    expect(done.output).toEqual({ a: 'A', b: 'B', c: 2 })
    expect(executionsOf(run.id)).toEqual({ a: 1, b: 1, c: 2, after: 1 })
    const attempts = await testDurably.getAttempts(run.id)
    expect(attempts.filter((a) => a.stepName === 'c').map((a) => [a.attempt, a.outcome])).toEqual([
      [1, 'failed'],
      [2, 'completed'],
    ])
  })

  it('fails the run with the failing branch once the others settled', async () => {
    const run = await testDurably.jobs.parallel.trigger({ slowMs: 200, cFails: 0, fatal: true })
    const done = await waitForStatus(run.id, ['completed', 'failed'])
    expect(done.status).toBe('failed')
    expect(done.error).toBe('c is broken')
    expect(executionsOf(run.id)).toMatchObject({ a: 1, b: 1, c: 1 })
  })

  it('runs only the unfinished branches again after a restart', async () => {
    const run = await testDurably.jobs.parallel.trigger({ slowMs: 1_500, cFails: 0 })
    for (let i = 0; i < 100 && !executionsOf(run.id).b; i++) await new Promise((resolve) => setTimeout(resolve, 10))
    await new Promise((resolve) => setTimeout(resolve, 100))
    await abortAllDurableObjects()
    const done = await waitForStatus(run.id, ['completed', 'failed'], 20_000)
    expect(done.output).toEqual({ a: 'A', b: 'B', c: 1 })
    expect(executionsOf(run.id)).toMatchObject({ a: 1, c: 1, after: 1 })
    expect(executionsOf(run.id).b).toBeGreaterThanOrEqual(2)
    const attempts = await testDurably.getAttempts(run.id)
    expect(attempts.filter((a) => a.stepName === 'b').map((a) => a.outcome)).toEqual(['interrupted', 'completed'])
  })
})
