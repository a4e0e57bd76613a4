// Cancelling: the running step's AbortSignal fires promptly, no later step starts, the run ends cancelled.
import { describe, expect, it } from 'vitest'
import { ConflictError, NotFoundError } from '../errors'
import { abortTimes, executionsOf, testDurably } from '../../../test/support/test-jobs'
import { collectEvents, inspectRun, waitForStatus } from '../../../test/support/runs'

async function waitForStep(runId: string, name: string) {
  for (let i = 0; i < 500 && !executionsOf(runId)[name]; i++) await new Promise((r) => setTimeout(r, 10))
}

describe('cancel', () => {
  it('aborts the running step at once and starts no later step', async () => {
    const run = await testDurably.jobs.counted.trigger({ steps: 3, delayMs: 5_000 })
    await waitForStep(run.id, 's0')
    const cancelledAt = Date.now()
    await testDurably.cancel(run.id)
    const done = await waitForStatus(run.id, ['cancelled'])
    const abortedAt = abortTimes.get(run.id) ?? Number.NaN
    console.log(`cancel → step signal aborted in ${abortedAt - cancelledAt} ms`)
    expect(abortedAt).toBeGreaterThanOrEqual(cancelledAt)
    expect(done.status).toBe('cancelled')
    await new Promise((r) => setTimeout(r, 100))
    expect(executionsOf(run.id)).toEqual({ s0: 1, 'abort-s0': 1 })
    const state = await inspectRun(run.id)
    expect(state.state?.status).toBe('cancelled')
    const events = await collectEvents(testDurably.subscribe(run.id, { afterSequence: 0 }))
    expect(events.at(-1)?.type).toBe('run:cancel')
  })

  it('cancels a pending run waiting for its concurrency key', async () => {
    const first = await testDurably.jobs.counted.trigger({ steps: 1, delayMs: 2_000 }, { concurrencyKey: 'cancel-k' })
    const second = await testDurably.jobs.counted.trigger({ steps: 1 }, { concurrencyKey: 'cancel-k' })
    await waitForStep(first.id, 's0')
    expect((await testDurably.getRun(second.id))?.status).toBe('pending')
    await testDurably.cancel(second.id)
    expect((await testDurably.getRun(second.id))?.status).toBe('cancelled')
    await testDurably.cancel(first.id)
    await waitForStatus(first.id, ['cancelled'])
    expect(executionsOf(second.id)).toEqual({})
  })

  it('refuses to cancel a finished run (409) or an unknown one (404)', async () => {
    const run = await testDurably.jobs.counted.trigger({ steps: 1 })
    await waitForStatus(run.id, ['completed'])
    await expect(testDurably.cancel(run.id)).rejects.toBeInstanceOf(ConflictError)
    await expect(testDurably.cancel('no-such-run')).rejects.toBeInstanceOf(NotFoundError)
  })
})
