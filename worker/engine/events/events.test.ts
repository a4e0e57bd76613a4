// Events with a match: an event wakes every run whose wait it matches (none, one or many), each exactly once, and none
// that began waiting after it was sent.
import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { ValidationError } from '../errors'
import { executionsOf, testDurably } from '../../../test/support/test-jobs'
import { waitForStatus } from '../../../test/support/runs'
import { eventStub } from '../bindings'
import type { EventObject } from './event-object'

const inspect = () => (eventStub(env, 'order.paid') as unknown as DurableObjectStub<EventObject>).inspect()

describe('events', () => {
  it('wakes exactly the run whose match the payload meets, with the event', async () => {
    const a = await testDurably.jobs.order.trigger({ orderId: 'o-a' })
    const b = await testDurably.jobs.order.trigger({ orderId: 'o-b' })
    await Promise.all([waitForStatus(a.id, ['waiting']), waitForStatus(b.id, ['waiting'])])
    expect((await testDurably.getRun(a.id))?.waitingFor).toMatchObject({ kind: 'event', event: 'order.paid', stepName: 'paid' })
    const sent = await testDurably.sendEvent('order.paid', { orderId: 'o-a', amount: 42 }, { id: 'evt-a' })
    expect(sent).toEqual({ eventId: 'evt-a', matched: 1, woken: [a.id] })
    const done = await waitForStatus(a.id, ['completed'])
    expect(done.output).toEqual({ result: { type: 'event', eventId: 'evt-a', payload: { orderId: 'o-a', amount: 42 } } })
    expect(executionsOf(a.id)).toEqual({ ship: 1 })
    expect((await testDurably.getRun(b.id))?.status).toBe('waiting')
    // The same event again wakes nothing more.
    expect(await testDurably.sendEvent('order.paid', { orderId: 'o-a', amount: 42 }, { id: 'evt-a' })).toMatchObject({ matched: 0, woken: [] })
    const [listed] = await testDurably.listEvents({ name: 'order.paid', limit: 1 })
    expect(listed).toMatchObject({ id: 'evt-a', matched: 1, wokenRuns: [a.id] })
    await testDurably.cancel(b.id)
  })

  it('does not wake a wait prepared after the event was sent', async () => {
    await testDurably.sendEvent('order.paid', { orderId: 'o-late' })
    const run = await testDurably.jobs.order.trigger({ orderId: 'o-late' })
    await waitForStatus(run.id, ['waiting'])
    expect((await testDurably.sendEvent('order.paid', { orderId: 'o-late' })).woken).toEqual([run.id])
    await waitForStatus(run.id, ['completed'])
  })

  it('wakes every matching wait of many at once, each once, and only the matching one of many keys', async () => {
    const runs = await Promise.all(Array.from({ length: 60 }, (_, i) => testDurably.jobs.order.trigger({ orderId: `bulk-${i}`, match: { batch: 'b1', orderId: `bulk-${i}` } })))
    const open = await Promise.all(Array.from({ length: 20 }, () => testDurably.jobs.order.trigger({ match: { batch: 'b1' } })))
    await Promise.all([...runs, ...open].map((run) => waitForStatus(run.id, ['waiting'], 20_000)))
    const one = await testDurably.sendEvent('order.paid', { batch: 'b1', orderId: 'bulk-7' })
    expect(new Set(one.woken)).toEqual(new Set([runs[7]?.id, ...open.map((run) => run.id)]))
    const started = Date.now()
    const rest = await testDurably.sendEvent('order.paid', { batch: 'b1', orderId: 'nobody' })
    expect(rest.woken).toEqual([])
    const all = await Promise.all(runs.filter((_, i) => i !== 7).map((run) => testDurably.sendEvent('order.paid', { batch: 'b1', orderId: run.input && (run.input as { orderId: string }).orderId })))
    expect(all.every((sent) => sent.woken.length === 1)).toBe(true)
    console.log(`59 events, one wait each: ${Date.now() - started} ms`)
    await Promise.all(runs.map((run) => waitForStatus(run.id, ['completed'], 20_000)))
    expect(await inspect()).toMatchObject({ deliveries: 0 })
  })

  it('times out as a normal result, and refuses a bad name, id or match', async () => {
    const run = await testDurably.jobs.order.trigger({ orderId: 'never', timeoutMs: 300 })
    expect((await waitForStatus(run.id, ['completed'])).output).toEqual({ result: { type: 'timeout' } })
    await expect(testDurably.sendEvent('bad name!', {})).rejects.toBeInstanceOf(ValidationError)
    await expect(testDurably.sendEvent('order.paid', {}, { id: 'no spaces' })).rejects.toBeInstanceOf(ValidationError)
    const bad = await testDurably.jobs.order.trigger({ match: ['not', 'an', 'object'] })
    const failed = await waitForStatus(bad.id, ['failed'])
    expect(failed.error).toMatch(/match must be an object/)
  })
})
