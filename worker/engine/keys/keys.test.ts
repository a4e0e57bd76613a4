// Idempotency and concurrency keys, retrigger and delete.
import { describe, expect, it } from 'vitest'
import { ConflictError } from '../errors'
import { executionsOf, testDurably } from '../../../test/support/test-jobs'
import { waitForStatus } from '../../../test/support/runs'

describe('idempotency key', () => {
  it('returns the existing run for the same key', async () => {
    const first = await testDurably.jobs.counted.trigger({ steps: 1 }, { idempotencyKey: 'order-42' })
    const again = await testDurably.jobs.counted.trigger({ steps: 9 }, { idempotencyKey: 'order-42' })
    expect(first.disposition).toBe('created')
    expect(again.disposition).toBe('idempotent')
    expect(again.id).toBe(first.id)
    expect(await testDurably.countRuns({ jobName: 'test-counted' })).toBeGreaterThan(0)
    const runs = await testDurably.getRuns({ jobName: 'test-counted' })
    expect(runs.filter((r) => r.id === first.id)).toHaveLength(1)
  })
})

describe('concurrency key', () => {
  it('leases at most one run per key at a time, and runs the next when the first ends', async () => {
    const a = await testDurably.jobs.counted.trigger({ steps: 2, delayMs: 200 }, { concurrencyKey: 'tenant-1' })
    const b = await testDurably.jobs.counted.trigger({ steps: 1 }, { concurrencyKey: 'tenant-1' })
    const other = await testDurably.jobs.counted.trigger({ steps: 1 }, { concurrencyKey: 'tenant-2' })
    await waitForStatus(other.id, ['completed'])
    expect((await testDurably.getRun(a.id))?.status).toBe('leased')
    expect((await testDurably.getRun(b.id))?.status).toBe('pending')
    const doneA = await waitForStatus(a.id, ['completed'])
    const doneB = await waitForStatus(b.id, ['completed'])
    expect(Date.parse(doneB.startedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(doneA.completedAt ?? ''))
  })

  it('conflicts on a second pending run of the same key, or coalesces onto it', async () => {
    const holder = await testDurably.jobs.counted.trigger({ steps: 1, delayMs: 300 }, { concurrencyKey: 'k-409' })
    const pending = await testDurably.jobs.counted.trigger({ steps: 1 }, { concurrencyKey: 'k-409' })
    await expect(testDurably.jobs.counted.trigger({ steps: 1 }, { concurrencyKey: 'k-409' })).rejects.toBeInstanceOf(ConflictError)
    const coalesced = await testDurably.jobs.counted.trigger({ steps: 1 }, { concurrencyKey: 'k-409', coalesce: 'skip' })
    expect(coalesced.disposition).toBe('coalesced')
    expect(coalesced.id).toBe(pending.id)
    await waitForStatus(holder.id, ['completed'])
    await waitForStatus(pending.id, ['completed'])
  })
})

describe('retrigger and delete', () => {
  it('retriggers a failed run as a fresh run with the same input and labels', async () => {
    const run = await testDurably.jobs.counted.trigger({ steps: 2, failAt: 0 }, { labels: { team: 'a' } })
    await waitForStatus(run.id, ['failed'])
    const again = await testDurably.retrigger(run.id)
    expect(again.id).not.toBe(run.id)
    expect(again.input).toEqual(run.input)
    expect(again.labels).toEqual({ team: 'a' })
    await waitForStatus(again.id, ['failed'])
    expect(executionsOf(again.id)).toEqual({ s0: 1 })
  })

  it('refuses to delete an active run and deletes a finished one with its steps and logs', async () => {
    const run = await testDurably.jobs.counted.trigger({ steps: 1, delayMs: 300 })
    await expect(testDurably.deleteRun(run.id)).rejects.toBeInstanceOf(ConflictError)
    await waitForStatus(run.id, ['completed'])
    await testDurably.deleteRun(run.id)
    expect(await testDurably.getRun(run.id)).toBeNull()
    expect(await testDurably.getSteps(run.id)).toEqual([])
  })

  it('filters runs by label', async () => {
    const tagged = await testDurably.jobs.counted.trigger({ steps: 1 }, { labels: { region: 'eu', tier: 'gold' } })
    const other = await testDurably.jobs.counted.trigger({ steps: 1 }, { labels: { region: 'us' } })
    // Lists come from D1, which has a run once its shard's first batch landed.
    for (const run of [tagged, other]) await waitForStatus(run.id, ['completed'])
    const eu = await testDurably.getRuns({ labels: { region: 'eu' } })
    expect(eu.map((r) => r.id)).toEqual([tagged.id])
    expect(await testDurably.countRuns({ labels: { region: 'eu', tier: 'gold' } })).toBe(1)
    expect(await testDurably.countRuns({ labels: { region: 'eu', tier: 'silver' } })).toBe(0)
  })
})
