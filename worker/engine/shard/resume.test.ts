// Replay and recovery: a step's function runs once across invocations, and a run resumes by itself after eviction.
import { abortAllDurableObjects } from 'cloudflare:test'
import { afterEach, describe, expect, it } from 'vitest'
import { executionsOf, testDurably } from '../../../test/support/test-jobs'
import { inspectRun, waitForStatus } from '../../../test/support/runs'

const defaults = { ...testDurably.settings }
afterEach(() => testDurably.configure(defaults))

describe('replay', () => {
  it('runs each step function once although every step starts a new invocation', async () => {
    testDurably.configure({ invocationBudgetMs: 0 })
    const run = await testDurably.jobs.counted.trigger({ steps: 6 })
    const done = await waitForStatus(run.id, ['completed', 'failed'])
    expect(done.status).toBe('completed')
    expect(done.output).toEqual({ total: 15 })
    expect(executionsOf(run.id)).toEqual({ s0: 1, s1: 1, s2: 1, s3: 1, s4: 1, s5: 1 })
    // One lease per invocation: the generation shows the run really yielded and resumed.
    expect(done.leaseGeneration).toBeGreaterThanOrEqual(6)
  })
})

describe('recovery', () => {
  it('continues after every object is evicted mid-run, with no request, from the last completed step', async () => {
    testDurably.configure({ watchdogMs: 500 })
    const run = await testDurably.jobs.counted.trigger({ steps: 5, delayMs: 150 })
    await waitForStatus(run.id, ['leased'])
    await new Promise((resolve) => setTimeout(resolve, 350))
    const before = await inspectRun(run.id)
    const completedBefore = before.state?.completedStepCount ?? 0
    expect(completedBefore).toBeGreaterThanOrEqual(1)
    expect(completedBefore).toBeLessThan(5)
    await abortAllDurableObjects()
    const done = await waitForStatus(run.id, ['completed', 'failed'], 15_000)
    expect(done.status).toBe('completed')
    expect(done.output).toEqual({ total: 10 })
    const counts = executionsOf(run.id)
    // Steps that completed before the eviction never ran again; the one in flight may have run twice.
    for (let i = 0; i < completedBefore; i++) expect(counts[`s${i}`]).toBe(1)
    for (let i = completedBefore + 1; i < 5; i++) expect(counts[`s${i}`]).toBe(1)
    const steps = await testDurably.getSteps(run.id)
    expect(steps.map((s) => s.name)).toEqual(['s0', 's1', 's2', 's3', 's4'])
  })
})
