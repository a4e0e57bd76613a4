// The shard is ahead of D1: a run without keys reaches D1 with its shard's first batch, an ending after it is announced.
import { env } from 'cloudflare:workers'
import { abortAllDurableObjects, runInDurableObject } from 'cloudflare:test'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { RunShard } from '../shard/run-shard'
import { getRun, listSteps } from './run-store'
import { testDurably } from '../../../test/support/test-jobs'
import { runShard, waitForShardStatus } from '../../../test/support/runs'

const defaults = { ...testDurably.settings }
afterEach(() => testDurably.configure(defaults))

const inD1 = (runId: string) => getRun(env.DB, runId)

describe('runs the shard records before D1', () => {
  it('is readable at once through its shard, and lands in D1 with the first batch', async () => {
    // No batch before the run ends: only the shard knows the run until then.
    testDurably.configure({ mirrorDelayMs: 60_000 })
    const run = await testDurably.jobs.counted.trigger({ steps: 2, delayMs: 200 })
    expect(await inD1(run.id)).toBeNull()
    const seen = await testDurably.getRun(run.id)
    expect(seen?.id).toBe(run.id)
    expect(['pending', 'leased']).toContain(seen?.status)
    await waitForShardStatus(run.id, ['completed'])
    const recorded = await vi.waitFor(async () => {
      const row = await inD1(run.id)
      if (row?.status !== 'completed') throw new Error(`D1 has ${row?.status ?? 'no row'}`)
      return row
    })
    expect(recorded.output).toEqual({ total: 1 })
    expect((await listSteps(env.DB, run.id)).map((step) => step.name)).toEqual(['s0', 's1'])
  })

  it('steps read through the engine include what the shard journaled but has not mirrored yet', async () => {
    testDurably.configure({ mirrorDelayMs: 60_000 })
    const run = await testDurably.jobs.counted.trigger({ steps: 3, delayMs: 300 })
    // s0 is done and s1 running; the mirror would wait a minute, a read asks the shard to send it now.
    await vi.waitFor(async () => {
      const seen = await testDurably.getRun(run.id)
      if ((seen?.completedStepCount ?? 0) < 1) throw new Error('s0 not done yet')
    })
    expect((await testDurably.getSteps(run.id)).map((step) => [step.name, step.status])).toEqual([['s0', 'completed']])
    await waitForShardStatus(run.id, ['completed'])
  })

  it('keyed runs are inserted by the trigger, so their keys are enforced by D1', async () => {
    const run = await testDurably.jobs.counted.trigger({ steps: 1 }, { idempotencyKey: 'd1-mirror-key' })
    expect((await inD1(run.id))?.id).toBe(run.id)
  })
})

describe('an ending announced before D1 recorded it', () => {
  it('reaches D1 after the shard is evicted before its batch landed', async () => {
    testDurably.configure({ mirrorDelayMs: 60_000, watchdogMs: 500 })
    const run = await testDurably.jobs.counted.trigger({ steps: 2, delayMs: 150 })
    // The shard's D1 writes now never land, as if it died with the batch in flight.
    await runInDurableObject(runShard(run.id) as DurableObjectStub, (instance) => {
      ;(instance as unknown as RunShard).writer.submit = () => new Promise<D1Result[]>(() => {})
    })
    const ended = await waitForShardStatus(run.id, ['completed'])
    expect(ended.output).toEqual({ total: 1 })
    expect(await inD1(run.id)).toBeNull()
    await abortAllDurableObjects()
    const recorded = await vi.waitFor(
      async () => {
        const row = await inD1(run.id)
        if (row?.status !== 'completed') throw new Error(`D1 has ${row?.status ?? 'no row'}`)
        return row
      },
      { timeout: 10_000, interval: 50 },
    )
    expect(recorded.output).toEqual({ total: 1 })
    expect(recorded.completedStepCount).toBe(2)
    expect((await listSteps(env.DB, run.id)).map((step) => step.name)).toEqual(['s0', 's1'])
  })
})
