// Lease fencing: a claim bumps the generation, and writes carrying an older generation change nothing.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { getDb } from './db'
import { newId } from './ids'
import { claimRun, getRun, insertRun } from './run-store'
import { appendStep, finishRunStatement } from './run-writes'

async function pendingRun() {
  return insertRun(env.DB, getDb(env.DB), {
    id: newId(),
    jobName: 'fence-test',
    input: {},
    idempotencyKey: null,
    concurrencyKey: null,
    labels: {},
    now: new Date().toISOString(),
  })
}

const step = (index: number) => ({
  id: newId(),
  name: `s${index}`,
  index,
  status: 'completed' as const,
  output: '1',
  error: null,
  startedAt: new Date().toISOString(),
  completedAt: new Date().toISOString(),
})

describe('lease generation', () => {
  it('refuses a step written under a stale generation and accepts the current one', async () => {
    const db = getDb(env.DB)
    const run = await pendingRun()
    const first = await claimRun(db, run.id, 'a', new Date(), 30_000)
    const second = await claimRun(db, run.id, 'b', new Date(), 30_000)
    expect(first?.leaseGeneration).toBe(1)
    expect(second?.leaseGeneration).toBe(2)
    expect(await appendStep(env.DB, db, { runId: run.id, generation: 1 }, step(0))).toBe(false)
    expect(await appendStep(env.DB, db, { runId: run.id, generation: 2 }, step(0))).toBe(true)
    const rows = await env.DB.prepare('select count(*) as n from steps where run_id = ?').bind(run.id).first<{ n: number }>()
    expect(rows?.n).toBe(1)
  })

  it('refuses to complete a run from a stale executor', async () => {
    const db = getDb(env.DB)
    const run = await pendingRun()
    await claimRun(db, run.id, 'a', new Date(), 30_000)
    await claimRun(db, run.id, 'b', new Date(), 30_000)
    const now = new Date().toISOString()
    const stale = await finishRunStatement(env.DB, db, { runId: run.id, generation: 1 }, { status: 'completed', output: '1' }, now).run()
    expect(stale.meta.changes).toBe(0)
    expect((await getRun(db, run.id))?.status).toBe('leased')
    const current = await finishRunStatement(env.DB, db, { runId: run.id, generation: 2 }, { status: 'failed', error: 'x' }, now).run()
    expect(current.meta.changes).toBe(1)
    expect((await getRun(db, run.id))?.status).toBe('failed')
  })

  it('does not claim a run that ended', async () => {
    const db = getDb(env.DB)
    const run = await pendingRun()
    const claimed = await claimRun(db, run.id, 'a', new Date(), 30_000)
    await finishRunStatement(env.DB, db, { runId: run.id, generation: claimed?.leaseGeneration ?? 0 }, { status: 'completed', output: null }, new Date().toISOString()).run()
    expect(await claimRun(db, run.id, 'b', new Date(), 30_000)).toBeNull()
  })
})
