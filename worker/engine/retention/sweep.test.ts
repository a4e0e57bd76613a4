// The retention sweep: the Worker's cron deletes finished runs older than retainRuns, in bounded batches.
import { env } from 'cloudflare:workers'
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test'
import { afterEach, describe, expect, it } from 'vitest'
import worker from '../../index'
import { testDurably } from '../../../test/support/test-jobs'
import { ALL_ROWS, insertStoredRun, NO_ROWS, storedRowCounts } from '../../../test/support/stored-runs'

const defaults = { ...testDurably.settings }
afterEach(() => testDurably.configure(defaults))

const DAY = 86_400_000
const NOW = Date.parse('2010-01-31T00:00:00Z')

/** Runs the Worker's scheduled handler as the cron would. */
async function runCron(): Promise<void> {
  const ctx = createExecutionContext()
  const scheduled = worker.scheduled as ExportedHandlerScheduledHandler<unknown>
  await scheduled(createScheduledController({ scheduledTime: Date.now(), cron: '*/15 * * * *' }), env, ctx)
  await waitOnExecutionContext(ctx)
}

describe('the retention sweep', () => {
  it('does nothing while runs are kept for ever (the default)', async () => {
    await insertStoredRun('s1-ancient', 'completed', '1999-01-01T00:00:00.000Z')
    expect(testDurably.settings.retainRunsMs).toBe(Number.POSITIVE_INFINITY)
    expect(await testDurably.sweepRuns({ now: NOW })).toEqual({ deleted: 0, batches: 0, more: false })
    await runCron()
    expect(await storedRowCounts('s1-ancient')).toEqual(ALL_ROWS)
    await testDurably.purgeRuns({ olderThan: '2000-01-01' })
  })

  it('deletes finished runs older than retainRuns in bounded batches, and the next sweep goes on', async () => {
    testDurably.configure({ retainRunsMs: 30 * DAY })
    // Ended 31 to 37 days before NOW; one 29 days before; active runs as old.
    for (let i = 1; i <= 7; i++) await insertStoredRun(`s2-old-${i}`, 'failed', new Date(NOW - (30 + i) * DAY).toISOString())
    await insertStoredRun('s2-young', 'completed', new Date(NOW - 29 * DAY).toISOString())
    await insertStoredRun('s2-waiting', 'waiting', new Date(NOW - 40 * DAY).toISOString())
    await insertStoredRun('s2-leased', 'leased', null)

    expect(await testDurably.sweepRuns({ now: NOW, batchSize: 3, maxBatches: 2 })).toEqual({ deleted: 6, batches: 2, more: true })
    // The oldest go first: the run that ended 31 days before is the one left.
    expect((await storedRowCounts('s2-old-1')).runs).toBe(1)
    expect((await storedRowCounts('s2-old-2')).runs).toBe(0)
    expect(await testDurably.sweepRuns({ now: NOW, batchSize: 3, maxBatches: 2 })).toEqual({ deleted: 1, batches: 1, more: false })
    for (let i = 1; i <= 7; i++) expect(await storedRowCounts(`s2-old-${i}`)).toEqual(NO_ROWS)
    for (const id of ['s2-young', 's2-waiting', 's2-leased']) expect(await storedRowCounts(id)).toEqual(ALL_ROWS)
  })

  it("is what the Worker's scheduled handler runs", async () => {
    testDurably.configure({ retainRunsMs: 30 * DAY })
    await insertStoredRun('s3-expired', 'cancelled', new Date(Date.now() - 31 * DAY).toISOString())
    await insertStoredRun('s3-kept', 'completed', new Date(Date.now() - 29 * DAY).toISOString())
    await runCron()
    expect(await storedRowCounts('s3-expired')).toEqual(NO_ROWS)
    expect(await storedRowCounts('s3-kept')).toEqual(ALL_ROWS)
  })
})
