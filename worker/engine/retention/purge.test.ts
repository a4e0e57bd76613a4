// purgeRuns: deletes finished runs that ended before the cutoff with all their rows (and journals), never active ones.
import { runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { ValidationError } from '../errors'
import { testDurably } from '../../../test/support/test-jobs'
import { runShard, waitForStatus } from '../../../test/support/runs'
import { ALL_ROWS, insertStoredRun, NO_ROWS, storedRowCounts } from '../../../test/support/stored-runs'
import { api } from '../../http/testing/requests'

/** Rows a run's shard keeps for it, read without loading the run into the shard's memory. */
function journalRows(runId: string): Promise<number> {
  return runInDurableObject(runShard(runId) as DurableObjectStub, (_, state) =>
    ['run_events', 'run_steps', 'run_state', 'run_meta']
      .map((table) => state.storage.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE run_id = ?`, runId).one().n)
      .reduce((sum, n) => sum + n, 0),
  )
}

describe('purgeRuns', () => {
  it('deletes finished runs that ended before the cutoff with every row of theirs, and nothing else', async () => {
    await insertStoredRun('p1-completed', 'completed', '2001-01-01T00:00:00.000Z')
    await insertStoredRun('p1-failed', 'failed', '2001-01-02T00:00:00.000Z')
    await insertStoredRun('p1-cancelled', 'cancelled', '2001-01-03T00:00:00.000Z')
    await insertStoredRun('p1-recent', 'completed', '2001-12-01T00:00:00.000Z')
    // Active runs are never purged, even with an ending time (a run that was sent back to work keeps its old one).
    await insertStoredRun('p1-pending', 'pending', '2001-01-01T00:00:00.000Z')
    await insertStoredRun('p1-leased', 'leased', '2001-01-01T00:00:00.000Z')
    await insertStoredRun('p1-waiting', 'waiting', '2001-01-01T00:00:00.000Z')
    await insertStoredRun('p1-never-ended', 'pending', null)

    expect(await testDurably.purgeRuns({ olderThan: '2001-06-01T00:00:00Z' })).toEqual({ deleted: 3, more: false })
    for (const id of ['p1-completed', 'p1-failed', 'p1-cancelled']) expect(await storedRowCounts(id)).toEqual(NO_ROWS)
    for (const id of ['p1-recent', 'p1-pending', 'p1-leased', 'p1-waiting', 'p1-never-ended']) {
      expect(await storedRowCounts(id)).toEqual(ALL_ROWS)
    }
    // A Date and a date with an offset name the same kind of cutoff.
    expect(await testDurably.purgeRuns({ olderThan: new Date('2001-11-30T00:00:00Z') })).toEqual({ deleted: 0, more: false })
    expect(await testDurably.purgeRuns({ olderThan: '2001-12-01T02:00:00.001+02:00' })).toEqual({ deleted: 1, more: false })
    expect(await storedRowCounts('p1-recent')).toEqual(NO_ROWS)
  })

  it('deletes at most `limit` runs, oldest ending first, and says when more remain', async () => {
    for (let i = 1; i <= 5; i++) await insertStoredRun(`p2-${i}`, 'completed', `2002-01-0${i}T00:00:00.000Z`)
    const cutoff = '2002-02-01'
    expect(await testDurably.purgeRuns({ olderThan: cutoff, limit: 2 })).toEqual({ deleted: 2, more: true })
    expect((await storedRowCounts('p2-2')).runs).toBe(0)
    expect((await storedRowCounts('p2-3')).runs).toBe(1)
    expect(await testDurably.purgeRuns({ olderThan: cutoff, limit: 2 })).toEqual({ deleted: 2, more: true })
    expect(await testDurably.purgeRuns({ olderThan: cutoff, limit: 2 })).toEqual({ deleted: 1, more: false })
    expect(await testDurably.purgeRuns({ olderThan: cutoff, limit: 2 })).toEqual({ deleted: 0, more: false })
  })

  it('refuses bad options with a ValidationError naming the field, and deletes nothing', async () => {
    await insertStoredRun('p3-old', 'completed', '2003-01-01T00:00:00.000Z')
    const bad: [unknown, string][] = [
      [{}, 'olderThan'],
      [{ olderThan: -1 }, 'olderThan'],
      [{ olderThan: '-5d' }, 'olderThan'],
      [{ olderThan: 'yesterday' }, 'olderThan'],
      [{ olderThan: '30 parsecs' }, 'olderThan'],
      [{ olderThan: '2003-13-45T00:00:00Z' }, 'olderThan'],
      [{ olderThan: '2003-01-02T00:00:00' }, 'olderThan'],
      [{ olderThan: new Date(Number.NaN) }, 'olderThan'],
      [{ olderThan: true }, 'olderThan'],
      [{ olderThan: '30d', limit: 0 }, 'limit'],
      [{ olderThan: '30d', limit: 5_001 }, 'limit'],
      [{ olderThan: '30d', limit: 1.5 }, 'limit'],
      [{ olderThan: '30d', limit: '10' }, 'limit'],
    ]
    for (const [options, field] of bad) {
      const error = await testDurably.purgeRuns(options as never).catch((thrown: unknown) => thrown)
      expect(error, JSON.stringify(options)).toBeInstanceOf(ValidationError)
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual([field])
    }
    expect(await storedRowCounts('p3-old')).toEqual(ALL_ROWS)
  })

  it("removes a purged run's journal from its shard: the run is gone for good, also over HTTP", async () => {
    const run = await testDurably.jobs.counted.trigger({ steps: 2 })
    await waitForStatus(run.id, ['completed'])
    expect(await journalRows(run.id)).toBeGreaterThan(0)
    const active = await testDurably.jobs.counted.trigger({ steps: 1, delayMs: 5_000 })
    await waitForStatus(active.id, ['leased'])
    await new Promise((resolve) => setTimeout(resolve, 5))

    const result = await testDurably.purgeRuns({ olderThan: 0, limit: 5_000 })
    expect(result.deleted).toBeGreaterThanOrEqual(1)
    expect(await journalRows(run.id)).toBe(0)
    expect(await testDurably.getRun(run.id)).toBeNull()
    expect(await testDurably.getSteps(run.id)).toEqual([])
    expect((await api(`/run?runId=${run.id}`)).status).toBe(404)
    expect((await api(`/subscribe?runId=${run.id}`)).status).toBe(404)
    // The run still executing is untouched.
    expect((await testDurably.getRun(active.id))?.status).toBe('leased')
    await testDurably.cancel(active.id)
  })
})

describe('the retainRuns setting', () => {
  it('is given as a duration to createDurably and kept as retainRunsMs; a bad one is a TypeError naming it', async () => {
    const { createDurably } = await import('..')
    const before = { ...testDurably.settings }
    try {
      createDurably({ jobs: {}, settings: { retainRuns: '30d' } })
      expect(testDurably.settings.retainRunsMs).toBe(30 * 86_400_000)
      expect(() => createDurably({ jobs: {}, settings: { retainRuns: '30 parsecs' } })).toThrow(/retainRuns/)
      expect(() => createDurably({ jobs: {}, settings: { retainRuns: '1d', retainRunsMs: 5 } })).toThrow(/retainRuns/)
      expect(testDurably.settings.retainRunsMs).toBe(30 * 86_400_000)
    } finally {
      testDurably.configure(before)
    }
    expect(testDurably.settings.retainRunsMs).toBe(Number.POSITIVE_INFINITY)
  })
})
