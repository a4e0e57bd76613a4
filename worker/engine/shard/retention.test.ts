// Journal retention: a finished run's journal leaves its shard after the retention time; D1 serves the run from then on.
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { JournalRetention } from './journal-retention'
import { testDurably } from '../../../test/support/test-jobs'
import { inspectRun, runShard, waitForStatus } from '../../../test/support/runs'
import { api } from '../../http/testing/requests'
import { readSse } from '../../http/testing/sse'

const defaults = { ...testDurably.settings }
afterEach(() => testDurably.configure(defaults))

/** Rows the run's shard keeps for it (events, steps, state), read without loading the run into the shard's memory. */
function journalRows(runId: string): Promise<number> {
  return runInDurableObject(runShard(runId) as DurableObjectStub, (_, state) =>
    ['run_events', 'run_steps', 'run_state', 'run_meta']
      .map((table) => state.storage.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE run_id = ?`, runId).one().n)
      .reduce((sum, n) => sum + n, 0),
  )
}

describe('journal retention', () => {
  it('sweeps the journal of a run that ended longer ago than the retention time, and only that one', async () => {
    testDurably.configure({ journalRetentionMs: 300 })
    const old = await testDurably.jobs.counted.trigger({ steps: 2 })
    await waitForStatus(old.id, ['completed'])
    await new Promise((resolve) => setTimeout(resolve, 400))
    const recent = await testDurably.jobs.counted.trigger({ steps: 2 })
    await waitForStatus(recent.id, ['completed'])
    expect(await journalRows(old.id)).toBeGreaterThan(0)

    // The alarm that sweeps (here run at once; it is due 1.1 retention times after the oldest ending).
    for (const id of new Set([old.id, recent.id])) await runDurableObjectAlarm(runShard(id) as DurableObjectStub)
    expect(await journalRows(old.id)).toBe(0)
    expect(await journalRows(recent.id)).toBeGreaterThan(0)

    // D1 still has the run, its steps and its output; its stream is a snapshot and its ending, and a reconnect after
    // that ending gets 204 as before.
    const run = await testDurably.getRun(old.id)
    expect([run?.status, run?.output]).toEqual(['completed', { total: 1 }])
    expect((await testDurably.getSteps(old.id)).map((step) => step.name)).toEqual(['s0', 's1'])
    const { events } = await readSse<{ type: string }>(await api(`/subscribe?runId=${old.id}`))
    expect(events.map((event) => event.data.type)).toEqual(['run:snapshot', 'run:complete'])
    const reconnect = await api(`/subscribe?runId=${old.id}`, { headers: { 'Last-Event-ID': String(events.at(-1)?.id) } })
    expect(reconnect.status).toBe(204)
  })

  it('keeps the journal of a run its shard holds in memory for another retention time, without an alarm loop', async () => {
    testDurably.configure({ journalRetentionMs: 300 })
    const run = await testDurably.jobs.counted.trigger({ steps: 1 })
    await waitForStatus(run.id, ['completed'])
    // The ending's clean-up (key, waits, children) finishes just after D1 has it; then the run leaves memory.
    await vi.waitFor(async () =>
      expect(await runInDurableObject(runShard(run.id) as DurableObjectStub, (instance) => (instance as unknown as { hosts: Map<string, unknown> }).hosts.has(run.id))).toBe(false),
    )
    // Loaded into the shard's memory (as an open stream would) before its retention time is up: the shard's own
    // alarm may fire during the wait below, and must find it there too.
    await inspectRun(run.id)
    const loadedAt = Date.now()
    await new Promise((resolve) => setTimeout(resolve, 400))
    const sweptAt = Date.now()
    await runDurableObjectAlarm(runShard(run.id) as DurableObjectStub)
    expect(await journalRows(run.id)).toBeGreaterThan(0)
    const nextAlarm = await runInDurableObject(runShard(run.id) as DurableObjectStub, (_, state) => state.storage.getAlarm())
    // Whichever sweep found it in memory (the shard's own alarm during the wait, or this one) gave it a whole retention
    // time from then on, and the alarm is not set in the past.
    expect(nextAlarm).toBeGreaterThanOrEqual(loadedAt + 300)
    expect(nextAlarm).toBeGreaterThan(sweptAt)
  })

  it('keeps journals for ever with an infinite retention time', async () => {
    testDurably.configure({ journalRetentionMs: Number.POSITIVE_INFINITY })
    const run = await testDurably.jobs.counted.trigger({ steps: 1 })
    await waitForStatus(run.id, ['completed'])
    await runDurableObjectAlarm(runShard(run.id) as DurableObjectStub)
    expect(await journalRows(run.id)).toBeGreaterThan(0)
  })

  it('adopts, once per shard, runs that ended before journals were retired (not runs still due)', async () => {
    const run = await testDurably.jobs.counted.trigger({ steps: 1 })
    await waitForStatus(run.id, ['completed'])
    const adopted = await runInDurableObject(runShard(run.id) as DurableObjectStub, (_, state) => {
      const sql = state.storage.sql
      const endedIds = () => sql.exec<{ run_id: string }>('SELECT run_id FROM ended').toArray().map((row) => row.run_id)
      // A shard as an earlier version left it: journals of finished runs, no `ended` rows; one finished run still due.
      sql.exec('DELETE FROM ended')
      sql.exec('DELETE FROM retention_meta')
      sql.exec("INSERT INTO run_state (run_id, kind, body) VALUES ('still-due', 1, ?)", JSON.stringify({ status: 'completed' }))
      sql.exec("INSERT INTO due (run_id, at) VALUES ('still-due', 0)")
      new JournalRetention(sql)
      const first = endedIds()
      sql.exec('DELETE FROM ended')
      new JournalRetention(sql)
      const second = endedIds()
      sql.exec("DELETE FROM run_state WHERE run_id = 'still-due'")
      sql.exec("DELETE FROM due WHERE run_id = 'still-due'")
      return { first, second }
    })
    expect(adopted.first).toContain(run.id)
    expect(adopted.first).not.toContain('still-due')
    expect(adopted.second).toEqual([])
  })
})
