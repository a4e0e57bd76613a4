// Coalescing triggers: 'queue' keeps one run waiting behind a running one, 'active' reuses pending, leased, then waiting runs.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { testDurably } from '../../../test/support/test-jobs'
import { collectEvents, waitForStatus } from '../../../test/support/runs'
import { insertRun } from '../d1/run-store'
import { newRunId } from './trigger'

const counted = testDurably.jobs.counted

/** A run of the counted job holding `key` for a while (leased in its shard and in D1). */
async function holder(key: string, delayMs = 3_000) {
  const run = await counted.trigger({ steps: 1, delayMs }, { concurrencyKey: key })
  await waitForStatus(run.id, ['leased'])
  return run
}

/** The pending runs of the counted job and `key`, as D1 has them. */
async function pendingOf(key: string) {
  const runs = await testDurably.getRuns({ jobName: 'test-counted', status: 'pending' })
  return runs.filter((run) => run.concurrencyKey === key)
}

async function cancelAll(...runIds: string[]) {
  for (const runId of runIds) await testDurably.cancel(runId)
}

describe("coalesce: 'queue'", () => {
  it('creates one run behind the leased run; further triggers, skip ones too, coalesce onto it', async () => {
    const running = await holder('q-1')
    const trailing = await counted.trigger({ steps: 1 }, { concurrencyKey: 'q-1', coalesce: 'queue' })
    expect(trailing).toMatchObject({ disposition: 'created', status: 'pending' })
    expect(trailing.id).not.toBe(running.id)
    for (const coalesce of ['queue', 'skip', 'queue'] as const) {
      const again = await counted.trigger({ steps: 2 }, { concurrencyKey: 'q-1', coalesce, labels: { try: coalesce } })
      expect(again).toMatchObject({ id: trailing.id, disposition: 'coalesced', status: 'pending', input: { steps: 1 } })
      expect(again.labels).toEqual({})
    }
    expect((await pendingOf('q-1')).map((run) => run.id)).toEqual([trailing.id])
    // Each coalesced trigger's input and labels are announced on the run that took its place, in order.
    await cancelAll(trailing.id, running.id)
    const events = await collectEvents(testDurably.subscribe(trailing.id, { afterSequence: 0 }))
    expect(events.filter((event) => event.type === 'run:coalesced').map((event) => (event as { skippedLabels: unknown }).skippedLabels)).toEqual([
      { try: 'queue' },
      { try: 'skip' },
      { try: 'queue' },
    ])
  })

  it('creates a run when the key is free, which then runs', async () => {
    const run = await counted.trigger({ steps: 1 }, { concurrencyKey: 'q-free', coalesce: 'queue', labels: { team: 'a' } })
    expect(run).toMatchObject({ disposition: 'created', status: 'pending', labels: { team: 'a' } })
    expect((await waitForStatus(run.id, ['completed'])).labels).toEqual({ team: 'a' })
    expect((await testDurably.getRuns({ labels: { team: 'a' } })).map((r) => r.id)).toContain(run.id)
  })

  it('answers a burst of concurrent triggers on one key with exactly one new pending run', async () => {
    const running = await holder('q-burst')
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => counted.trigger({ steps: 1 }, { concurrencyKey: 'q-burst', coalesce: 'queue', labels: { i: String(i) } })),
    )
    const created = results.filter((result) => result.disposition === 'created')
    expect(created).toHaveLength(1)
    expect(results.filter((result) => result.disposition === 'coalesced')).toHaveLength(24)
    expect(new Set(results.map((result) => result.id))).toEqual(new Set([created[0]?.id]))
    expect((await pendingOf('q-burst')).map((run) => run.id)).toEqual([created[0]?.id])
    await cancelAll(created[0]?.id ?? '', running.id)
  })
})

describe("coalesce: 'active'", () => {
  it('reuses the pending run before the leased one', async () => {
    const running = await holder('a-pending')
    const pending = await counted.trigger({ steps: 1 }, { concurrencyKey: 'a-pending' })
    const again = await counted.trigger({ steps: 1 }, { concurrencyKey: 'a-pending', coalesce: 'active' })
    expect(again).toMatchObject({ id: pending.id, disposition: 'coalesced', status: 'pending' })
    await cancelAll(pending.id, running.id)
  })

  it('reuses the leased run when none is pending', async () => {
    const running = await holder('a-leased')
    const again = await counted.trigger({ steps: 1 }, { concurrencyKey: 'a-leased', coalesce: 'active' })
    expect(again).toMatchObject({ id: running.id, disposition: 'coalesced', status: 'leased' })
    expect(await pendingOf('a-leased')).toEqual([])
    await cancelAll(running.id)
  })

  it('reuses a waiting run when none is pending or leased', async () => {
    const sleeper = testDurably.jobs.sleeper
    const sleeping = await sleeper.trigger({ ms: 60_000 }, { concurrencyKey: 'a-waiting' })
    await waitForStatus(sleeping.id, ['waiting'])
    const again = await sleeper.trigger({ ms: 1 }, { concurrencyKey: 'a-waiting', coalesce: 'active' })
    expect(again).toMatchObject({ id: sleeping.id, disposition: 'coalesced', status: 'waiting' })
    await cancelAll(sleeping.id)
  })

  it('creates a run when every run of the key has finished', async () => {
    const done = await counted.trigger({ steps: 1 }, { concurrencyKey: 'a-done' })
    await waitForStatus(done.id, ['completed'])
    const fresh = await counted.trigger({ steps: 1 }, { concurrencyKey: 'a-done', coalesce: 'active' })
    expect(fresh).toMatchObject({ disposition: 'created', status: 'pending' })
    expect(fresh.id).not.toBe(done.id)
    await waitForStatus(fresh.id, ['completed'])
  })

  it("reuses a leased run whose lease in D1 has lapsed while its shard still runs it, and not a stale one", async () => {
    const running = await holder('a-lapsed')
    const past = new Date(Date.now() - 60_000).toISOString()
    await env.DB.prepare('update runs set lease_expires_at = ? where id = ?').bind(past, running.id).run()
    const again = await counted.trigger({ steps: 1 }, { concurrencyKey: 'a-lapsed', coalesce: 'active' })
    expect(again).toMatchObject({ id: running.id, disposition: 'coalesced' })
    await cancelAll(running.id)

    // A row left leased in D1 with a lapsed lease, which no shard runs.
    const stale = await insertRun(env.DB, {
      id: newRunId(Date.now()), jobName: 'test-counted', input: { steps: 1 }, idempotencyKey: null,
      concurrencyKey: 'a-stale', labels: {}, now: past,
    })
    await env.DB.prepare("update runs set status = 'leased', lease_expires_at = ? where id = ?").bind(past, stale.id).run()
    const fresh = await counted.trigger({ steps: 1 }, { concurrencyKey: 'a-stale', coalesce: 'active' })
    expect(fresh).toMatchObject({ disposition: 'created', status: 'pending' })
    await waitForStatus(fresh.id, ['completed'])
  })
})

describe('idempotency key and coalescing', () => {
  it('returns the run holding the idempotency key before any run of the concurrency key', async () => {
    const running = await counted.trigger({ steps: 1, delayMs: 3_000 }, { concurrencyKey: 'i-1', idempotencyKey: 'idem-1' })
    await waitForStatus(running.id, ['leased'])
    const pending = await counted.trigger({ steps: 1 }, { concurrencyKey: 'i-1' })
    for (const coalesce of ['queue', 'active'] as const) {
      const again = await counted.trigger({ steps: 1 }, { concurrencyKey: 'i-1', idempotencyKey: 'idem-1', coalesce })
      expect(again).toMatchObject({ id: running.id, disposition: 'idempotent', status: 'leased' })
    }
    await cancelAll(pending.id, running.id)
  })

  it('records the idempotency key of a run a coalescing trigger created', async () => {
    const first = await counted.trigger({ steps: 1 }, { concurrencyKey: 'i-2', idempotencyKey: 'idem-2', coalesce: 'active' })
    expect(first.disposition).toBe('created')
    await waitForStatus(first.id, ['completed'])
    const again = await counted.trigger({ steps: 1 }, { concurrencyKey: 'i-2', idempotencyKey: 'idem-2', coalesce: 'active' })
    expect(again).toMatchObject({ id: first.id, disposition: 'idempotent', status: 'completed' })
  })
})

describe('coalesce options', () => {
  it('refuses an unknown mode and a mode without a concurrency key, naming the field', async () => {
    const bad = counted.trigger({ steps: 1 }, { concurrencyKey: 'o-1', coalesce: 'always' as 'queue' })
    await expect(bad).rejects.toMatchObject({ statusCode: 400, issues: [{ path: 'coalesce', message: "must be 'skip', 'queue' or 'active'" }] })
    const keyless = counted.trigger({ steps: 1 }, { coalesce: 'active' })
    await expect(keyless).rejects.toMatchObject({ statusCode: 400, issues: [{ path: 'coalesce', message: 'requires concurrencyKey' }] })
  })
})
