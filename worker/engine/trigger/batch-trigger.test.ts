// Batch trigger: many runs in one call, all validated first, each run executed once on its shard.
import { describe, expect, it } from 'vitest'
import { NotFoundError, ValidationError } from '../errors'
import { executionsOf, testDurably } from '../../../test/support/test-jobs'
import { waitForStatus } from '../../../test/support/runs'

describe('batch trigger', () => {
  it('starts every run in order, across shards, and each completes once', async () => {
    const runs = await testDurably.jobs.counted.batchTrigger([
      { steps: 1 },
      { input: { steps: 2 }, options: { labels: { batch: 'b1' } } },
      ...Array.from({ length: 30 }, () => ({ steps: 1 })),
    ])
    expect(runs).toHaveLength(32)
    expect(runs.every((run) => run.disposition === 'created')).toBe(true)
    expect(new Set(runs.map((run) => run.id)).size).toBe(32)
    expect(runs[1]?.labels).toEqual({ batch: 'b1' })
    for (const run of runs) await waitForStatus(run.id, ['completed'])
    expect(executionsOf(runs[1]?.id ?? '')).toEqual({ s0: 1, s1: 1 })
    expect(await testDurably.countRuns({ labels: { batch: 'b1' } })).toBe(1)
  })

  it('creates nothing when one input is invalid, and names it by index', async () => {
    const before = await testDurably.countRuns()
    const error = await testDurably.jobs.counted
      .batchTrigger([{ steps: 1 }, { steps: 'x' } as never])
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationError)
    expect((error as ValidationError).issues[0]?.path).toBe('runs.1.input.steps')
    expect(await testDurably.countRuns()).toBe(before)
  })

  it('mixes jobs, honours idempotency keys and refuses unknown jobs', async () => {
    const [a, b] = await testDurably.triggerBatch([
      { jobName: 'test-counted', input: { steps: 1 }, options: { idempotencyKey: 'batch-key' } },
      { jobName: 'test-no-output', input: { note: 'n' } },
    ])
    const [again] = await testDurably.triggerBatch([
      { jobName: 'test-counted', input: { steps: 1 }, options: { idempotencyKey: 'batch-key' } },
    ])
    expect(again?.id).toBe(a?.id)
    expect(again?.disposition).toBe('idempotent')
    await waitForStatus(b?.id ?? '', ['completed'])
    await expect(testDurably.triggerBatch([{ jobName: 'nope', input: {} }])).rejects.toBeInstanceOf(NotFoundError)
  })
})
