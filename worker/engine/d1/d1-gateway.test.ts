// The D1 gateway: runs on different shards share D1 batches, and each still gets exactly its own rows.
import { env } from 'cloudflare:workers'
import { runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { gatewayStub } from '../bindings'
import type { D1Gateway } from './d1-gateway'
import { shardOf } from '../ids'
import { listSteps } from './run-store'
import { testDurably } from '../../../test/support/test-jobs'
import { waitForStatus } from '../../../test/support/runs'

const stats = () =>
  runInDurableObject(gatewayStub(env) as unknown as DurableObjectStub, (instance) => (instance as unknown as D1Gateway).stats())

describe('D1 gateway', () => {
  it('group-commits the writes of runs on many shards, each run getting its own steps', async () => {
    const before = await stats()
    const runs = await Promise.all(Array.from({ length: 24 }, (_, i) => testDurably.jobs.counted.trigger({ steps: 1 + (i % 3) })))
    expect(new Set(runs.map((run) => shardOf(run.id))).size).toBeGreaterThan(1)
    for (const run of runs) await waitForStatus(run.id, ['completed'])
    for (const [i, run] of runs.entries()) {
      const steps = await listSteps(env.DB, run.id)
      expect(steps.map((step) => step.name)).toEqual(Array.from({ length: 1 + (i % 3) }, (_, n) => `s${n}`))
    }
    const after = await stats()
    const submissions = after.submissions - before.submissions
    const batches = after.batches - before.batches
    expect(submissions).toBeGreaterThanOrEqual(runs.length)
    expect(batches).toBeLessThan(submissions)
  })
})
