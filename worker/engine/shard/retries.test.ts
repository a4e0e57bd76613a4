// Retries, attempts and step timeouts: failed attempts are journaled and retried after a backoff due in the shard.
import { abortAllDurableObjects } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { attemptsSeen, executionsOf, testDurably } from '../../../test/support/test-jobs'
import { collectEvents, inspectRun, waitForShardStatus, waitForStatus } from '../../../test/support/runs'
import { defineJob } from '../define-job'
import { z } from 'zod'

describe('retries', () => {
  it('completes a step that fails twice then succeeds, with 3 attempts recorded', async () => {
    const run = await testDurably.jobs.flaky.trigger({ failTimes: 2, limit: 3 })
    const done = await waitForStatus(run.id, ['completed', 'failed'])
    expect(done.status).toBe('completed')
    expect(done.output).toEqual({ attempt: 3 })
    expect(attemptsSeen.get(run.id)).toEqual([1, 2, 3])
    // The step before it ran once: a retry replays completed steps from the journal.
    expect(executionsOf(run.id)).toEqual({ before: 1, flaky: 3 })
    const steps = await testDurably.getSteps(run.id)
    expect(steps.map((step) => [step.name, step.status, step.attempts])).toEqual([
      ['before', 'completed', 1],
      ['flaky', 'completed', 3],
    ])
    const attempts = await testDurably.getAttempts(run.id)
    expect(attempts.filter((a) => a.stepName === 'flaky').map((a) => [a.attempt, a.outcome, a.error])).toEqual([
      [1, 'failed', 'failure 1'],
      [2, 'failed', 'failure 2'],
      [3, 'completed', null],
    ])
    expect(attempts[1]?.stack).toMatch(/failure 1/)
    // Each attempt keeps what it recorded: the initial metadata, replaced by attempt.setMetadata.
    expect(attempts.filter((a) => a.stepName === 'flaky').map((a) => a.metadata)).toEqual([
      { model: 'm-1' },
      { model: 'm-1', tried: 2 },
      { model: 'm-1', tried: 3 },
    ])
    const events = await collectEvents(testDurably.subscribe(run.id, { afterSequence: 0 }))
    const types = events.map((event) => event.type)
    expect(types.filter((type) => type === 'step:retry')).toHaveLength(2)
    expect(types.filter((type) => type === 'run:waiting')).toHaveLength(2)
    // Each resume claims the run again.
    expect(types.filter((type) => type === 'run:leased')).toHaveLength(3)
  })

  it('fails the run when the policy is spent, keeping every attempt', async () => {
    const run = await testDurably.jobs.flaky.trigger({ failTimes: 5, limit: 1 })
    const done = await waitForStatus(run.id, ['completed', 'failed'])
    expect(done.status).toBe('failed')
    expect(done.error).toBe('failure 2')
    const attempts = await testDurably.getAttempts(run.id)
    expect(attempts.filter((a) => a.stepName === 'flaky').map((a) => [a.attempt, a.outcome])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
    ])
  })

  it('fails at once on a NonRetryableError', async () => {
    const run = await testDurably.jobs.flaky.trigger({ failTimes: 5, limit: 10, fatal: true })
    const done = await waitForStatus(run.id, ['completed', 'failed'])
    expect(done.status).toBe('failed')
    expect(done.error).toBe('fatal')
    expect(attemptsSeen.get(run.id)).toEqual([1])
  })

  it("uses the job's policy for steps without one", async () => {
    const run = await testDurably.jobs.jobPolicy.trigger({ failTimes: 2 })
    expect((await waitForStatus(run.id, ['completed', 'failed'])).status).toBe('completed')
    expect(executionsOf(run.id)).toEqual({ 'uses-job-policy': 3 })
  })

  it('keeps the seed meaning without a policy: a throwing step fails its run after one attempt', async () => {
    const run = await testDurably.jobs.counted.trigger({ steps: 2, failAt: 0 })
    expect((await waitForStatus(run.id, ['completed', 'failed'])).status).toBe('failed')
    expect(executionsOf(run.id)).toEqual({ s0: 1 })
  })

  it('shows a run waiting for its next attempt, and the backoff survives a restart of every object', async () => {
    const run = await testDurably.jobs.flaky.trigger({ failTimes: 1, limit: 2, delay: 1_500 })
    const waiting = await waitForStatus(run.id, ['waiting'])
    expect(waiting.waitingFor).toMatchObject({ kind: 'retry', stepName: 'flaky', stepIndex: 1, attempt: 2, error: 'failure 1' })
    const wakeAt = Date.parse(waiting.wakeAt ?? '')
    expect(wakeAt).toBeGreaterThan(Date.now())
    expect(waiting.leaseOwner).toBeNull()
    await abortAllDurableObjects()
    const done = await waitForStatus(run.id, ['completed', 'failed'])
    expect(done.status).toBe('completed')
    const attempts = await testDurably.getAttempts(run.id)
    const second = attempts.find((a) => a.stepName === 'flaky' && a.attempt === 2)
    expect(Date.parse(second?.startedAt ?? '')).toBeGreaterThanOrEqual(wakeAt)
  })

  it('refuses a policy over the maximum where the job is defined', () => {
    expect(() =>
      defineJob({ name: 'too-many', input: z.object({}), retries: { limit: 1_000 }, run: async () => {} }),
    ).toThrow(/retries\.limit must be an integer from 0 to 100/)
  })
})

describe('step timeouts', () => {
  it('fails a timed-out attempt on time even when its code ignores the signal, then retries it', async () => {
    const started = Date.now()
    const run = await testDurably.jobs.hanging.trigger({ hangMs: 1_500, timeoutMs: 150, limit: 1 })
    const done = await waitForShardStatus(run.id, ['completed', 'failed'])
    const took = Date.now() - started
    expect(done.status).toBe('failed')
    expect(done.error).toBe('Step "slow" timed out after 150 ms')
    // Two attempts of 150 ms and a 10 ms backoff: far less than one attempt running to its end.
    expect(took).toBeLessThan(1_400)
    expect(executionsOf(run.id)).toMatchObject({ slow: 2 })
    const attempts = await testDurably.getAttempts(run.id)
    expect(attempts.map((a) => [a.attempt, a.outcome])).toEqual([
      [1, 'timed_out'],
      [2, 'timed_out'],
    ])
    // The late result of the first attempt is dropped: the run stays failed.
    await new Promise((resolve) => setTimeout(resolve, 1_600))
    expect((await testDurably.getRun(run.id))?.status).toBe('failed')
    expect((await inspectRun(run.id)).state?.status).toBe('failed')
  })
})
