// Durable waits and signals, as the durably protocol defines them: the first signal or the deadline wins, retries are
// duplicates, a waiting run holds no lease or key, and its wait survives restarts.
import { abortAllDurableObjects } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import { describe, expect, it, vi } from 'vitest'
import { ConflictError, GoneError, NotFoundError } from '../errors'
import { announcedWaits, executionsOf, testDurably } from '../../../test/support/test-jobs'
import { waitForStatus } from '../../../test/support/runs'
import { keyStub } from '../bindings'
import type { KeyObject } from '../keys/key-object'

async function waitingRun(input: { timeoutMs?: number; stepMs?: number } = {}, options = {}) {
  const run = await testDurably.jobs.approval.trigger(input, options)
  const waiting = await waitForStatus(run.id, ['waiting'])
  const waitId = announcedWaits.get(run.id) as string
  return { run, waiting, waitId }
}

describe('durable waits', () => {
  it('suspends on waitFor, holding no lease, and resumes with the payload of a signal', async () => {
    const { run, waiting, waitId } = await waitingRun()
    expect(waiting.waitingFor).toMatchObject({ kind: 'signal', stepName: 'approve', waitId })
    expect(waiting.leaseOwner).toBeNull()
    expect(waiting.wakeAt).toBeNull()
    const [wait] = await testDurably.getWaits(run.id)
    expect(wait).toMatchObject({ id: waitId, runId: run.id, name: 'approve', status: 'pending', metadata: { reason: 'test' }, outcome: null })
    expect(wait?.suspendedAt).not.toBeNull()
    const signalled = await testDurably.signal(waitId, { approved: true }, { signalId: 'sig-1' })
    expect(signalled).toMatchObject({ status: 'resolved', outcome: 'signal', payload: { approved: true }, signalId: 'sig-1' })
    const done = await waitForStatus(run.id, ['completed', 'failed'])
    expect(done.output).toEqual({ result: { type: 'signal', payload: { approved: true } }, waitId })
    expect(executionsOf(run.id)).toEqual({ after: 1 })
    const after = await testDurably.getWait(waitId)
    expect(after?.firstResumedAt).not.toBeNull()
    expect(after?.inputWaitMs).toBeGreaterThanOrEqual(0)
    expect(after?.executionSlotWaitMs).toBeGreaterThanOrEqual(0)
  })

  it('answers a retried signal (same id, same JSON in another key order) with its receipt, and refuses any other', async () => {
    const { run, waitId } = await waitingRun()
    const first = await testDurably.deliverSignal(run.id, waitId, { signalId: 's', payload: { a: 1, b: [1, { c: 2, d: 3 }] } })
    expect(first.disposition).toBe('accepted')
    const again = await testDurably.deliverSignal(run.id, waitId, { signalId: 's', payload: { b: [1, { d: 3, c: 2 }], a: 1 } })
    expect(again.disposition).toBe('duplicate')
    expect(again.wait.resolvedAt).toBe(first.wait.resolvedAt)
    await expect(testDurably.deliverSignal(run.id, waitId, { signalId: 's', payload: { a: 2 } })).rejects.toBeInstanceOf(ConflictError)
    await expect(testDurably.deliverSignal(run.id, waitId, { signalId: 'other', payload: { a: 1 } })).rejects.toBeInstanceOf(ConflictError)
    await waitForStatus(run.id, ['completed'])
    // After the run finished, the same signal is still a duplicate.
    expect((await testDurably.deliverSignal(run.id, waitId, { signalId: 's', payload: { a: 1, b: [1, { c: 2, d: 3 }] } })).disposition).toBe('duplicate')
  })

  it('times out at the deadline as a normal result, and refuses a signal after it (410)', async () => {
    const { run, waiting, waitId } = await waitingRun({ timeoutMs: 400 })
    const wait = await testDurably.getWait(waitId)
    expect(waiting.wakeAt).toBe(wait?.deadlineAt)
    const done = await waitForStatus(run.id, ['completed', 'failed'])
    expect(done.output).toMatchObject({ result: { type: 'timeout' } })
    expect(Date.parse(done.completedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(wait?.deadlineAt ?? ''))
    await expect(testDurably.signal(waitId, { late: true }, { signalId: 'late' })).rejects.toBeInstanceOf(GoneError)
    expect(await testDurably.getWait(waitId)).toMatchObject({ status: 'resolved', outcome: 'timeout' })
  })

  it('refuses a signal at the deadline even before the run wakes', async () => {
    const { waitId } = await waitingRun({ timeoutMs: 60_000 })
    vi.useFakeTimers({ now: Date.now() + 61_000, toFake: ['Date'] })
    try {
      await expect(testDurably.signal(waitId, {}, { signalId: 'x' })).rejects.toBeInstanceOf(GoneError)
    } finally {
      vi.useRealTimers()
    }
  })

  it('takes a signal that came before waitFor without suspending', async () => {
    const run = await testDurably.jobs.approval.trigger({ stepMs: 400 })
    await vi.waitFor(() => expect(announcedWaits.get(run.id)).toBeDefined(), { timeout: 5_000 })
    await testDurably.signal(announcedWaits.get(run.id) as string, 'early', { signalId: 'early' })
    const done = await waitForStatus(run.id, ['completed'])
    expect(done.output).toMatchObject({ result: { type: 'signal', payload: 'early' } })
    const [wait] = await testDurably.getWaits(run.id)
    expect(wait).toMatchObject({ suspendedAt: null, inputWaitMs: 0, executionSlotWaitMs: 0 })
  })

  it('refuses unknown waits and waits of another run (404), and signals to a finished run (409)', async () => {
    const a = await waitingRun()
    const b = await waitingRun()
    await expect(testDurably.deliverSignal(a.run.id, b.waitId, { signalId: 'x', payload: 1 })).rejects.toBeInstanceOf(NotFoundError)
    await expect(testDurably.signal(`${a.run.id}.nope`, 1, { signalId: 'x' })).rejects.toBeInstanceOf(NotFoundError)
    await expect(testDurably.signal('nothing', 1, { signalId: 'x' })).rejects.toBeInstanceOf(NotFoundError)
    await testDurably.cancel(a.run.id)
    expect(await testDurably.getWait(a.waitId)).toMatchObject({ status: 'cancelled' })
    await expect(testDurably.signal(a.waitId, 1, { signalId: 'x' })).rejects.toBeInstanceOf(ConflictError)
    await testDurably.cancel(b.run.id)
  })

  it('releases its concurrency key while it waits', async () => {
    const { run, waitId } = await waitingRun({}, { concurrencyKey: 'wait-key' })
    const other = await testDurably.jobs.counted.trigger({ steps: 1 }, { concurrencyKey: 'wait-key' })
    expect((await waitForStatus(other.id, ['completed'])).status).toBe('completed')
    await testDurably.signal(waitId, null, { signalId: 'k' })
    expect((await waitForStatus(run.id, ['completed'])).status).toBe('completed')
    await vi.waitFor(async () => expect((await (keyStub(env, 'wait-key') as unknown as DurableObjectStub<KeyObject>).inspect()).holder).toBeNull())
  })

  it('keeps the wait across a restart of every object, and a signal after it resumes the run', async () => {
    const { run, waitId } = await waitingRun()
    await abortAllDurableObjects()
    expect((await testDurably.getWait(waitId))?.status).toBe('pending')
    await testDurably.signal(waitId, { after: 'restart' }, { signalId: 'r' })
    const done = await waitForStatus(run.id, ['completed'])
    expect(done.output).toMatchObject({ result: { type: 'signal', payload: { after: 'restart' } }, waitId })
  })
})
