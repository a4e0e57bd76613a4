// Lease fencing: a claim raises the generation, and writes carrying an older generation change nothing.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { batchSql, prepare, type SqlStatement } from './db'
import { newId } from '../ids'
import { getRun, insertRun } from './run-store'
import { appendStep, claimStatement, finishRunStatement, insertClaimedRunStatements } from './fenced-writes'

const send = (statement: SqlStatement) => prepare(env.DB, statement)

const newRun = (labels: Record<string, string> = { team: 'a' }) => ({
  id: newId(),
  jobName: 'fence-test',
  input: {},
  idempotencyKey: null,
  concurrencyKey: null,
  labels,
  now: new Date().toISOString(),
})

const lease = { owner: 't', leaseMs: 30_000, startedAt: new Date().toISOString() }

async function pendingRun() {
  return insertRun(env.DB, newRun({}))
}

async function claim(runId: string, generation: number): Promise<number | null> {
  const result = await send(claimStatement({ runId, generation }, { owner: 't', leaseMs: 30_000, startedAt: new Date().toISOString() }, new Date()))
    .all<{ lease_generation: number }>()
  return result.results[0]?.lease_generation ?? null
}

/** A run's final position at `now`. */
const at = (now: string) => ({ progress: null, currentStepIndex: 1, completedStepCount: 1, lastSequence: 5, now })

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
  it('claims only upwards: a claim for an older or equal generation is refused', async () => {
    const run = await pendingRun()
    expect(await claim(run.id, 1)).toBe(1)
    expect(await claim(run.id, 3)).toBe(3)
    expect(await claim(run.id, 2)).toBeNull()
    expect(await claim(run.id, 3)).toBeNull()
    expect((await getRun(env.DB, run.id))?.leaseGeneration).toBe(3)
  })

  it('refuses a step written under a stale generation and accepts the current one', async () => {
    const run = await pendingRun()
    await claim(run.id, 1)
    await claim(run.id, 2)
    expect(await appendStep(env.DB, { runId: run.id, generation: 1 }, step(0))).toBe(false)
    expect(await appendStep(env.DB, { runId: run.id, generation: 2 }, step(0))).toBe(true)
    const rows = await env.DB.prepare('select count(*) as n from steps where run_id = ?').bind(run.id).first<{ n: number }>()
    expect(rows?.n).toBe(1)
  })

  it('refuses to complete a run from a stale executor', async () => {
    const run = await pendingRun()
    await claim(run.id, 1)
    await claim(run.id, 2)
    const now = at(new Date().toISOString())
    const stale = await send(finishRunStatement({ runId: run.id, generation: 1 }, { status: 'completed', output: '1' }, now)).run()
    expect(stale.meta.changes).toBe(0)
    expect((await getRun(env.DB, run.id))?.status).toBe('leased')
    const current = await send(finishRunStatement({ runId: run.id, generation: 2 }, { status: 'failed', error: 'x' }, now)).run()
    expect(current.meta.changes).toBe(1)
    const ended = await getRun(env.DB, run.id)
    expect(ended?.status).toBe('failed')
    // The ending carries the run's final position: no separate position write.
    expect(ended?.completedStepCount).toBe(1)
  })

  it('does not claim a run that ended', async () => {
    const run = await pendingRun()
    await claim(run.id, 1)
    await send(finishRunStatement({ runId: run.id, generation: 1 }, { status: 'completed', output: null }, at(new Date().toISOString()))).run()
    expect(await claim(run.id, 2)).toBeNull()
  })

  it('inserts a run its shard recorded already leased, or claims it when an earlier batch inserted it', async () => {
    const fresh = newRun()
    const insert = insertClaimedRunStatements(fresh, { runId: fresh.id, generation: 1 }, lease, new Date())
    await batchSql(env.DB, insert)
    const inserted = await getRun(env.DB, fresh.id)
    expect([inserted?.status, inserted?.leaseGeneration, inserted?.labels]).toEqual(['leased', 1, { team: 'a' }])

    const earlier = await pendingRun()
    const again = { ...fresh, id: earlier.id }
    const claimed = await send(insertClaimedRunStatements(again, { runId: earlier.id, generation: 2 }, lease, new Date())[0] as SqlStatement).run()
    expect(claimed.meta.changes).toBe(1)
    expect((await getRun(env.DB, earlier.id))?.leaseGeneration).toBe(2)

    // Like a claim, only upwards, and never of a run that ended.
    const stale = await send(insertClaimedRunStatements(again, { runId: earlier.id, generation: 2 }, lease, new Date())[0] as SqlStatement).run()
    expect(stale.meta.changes).toBe(0)
    await send(finishRunStatement({ runId: earlier.id, generation: 2 }, { status: 'completed', output: null }, at(new Date().toISOString()))).run()
    const late = await send(insertClaimedRunStatements(again, { runId: earlier.id, generation: 3 }, lease, new Date())[0] as SqlStatement).run()
    expect(late.meta.changes).toBe(0)
    expect((await getRun(env.DB, earlier.id))?.status).toBe('completed')
  })
})
