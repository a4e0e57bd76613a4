// POST /events and GET /events over HTTP: bodies, bounds and the runs an event woke.
import { describe, expect, it } from 'vitest'
import { testDurably } from '../../test/support/test-jobs'
import { waitForStatus } from '../../test/support/runs'
import { api, postJson } from './testing/requests'

describe('event routes', () => {
  it('sends an event that wakes the matching run, and lists it with the run it woke', async () => {
    const run = await testDurably.jobs.order.trigger({ orderId: 'http-1' })
    await waitForStatus(run.id, ['waiting'])
    const sent = await postJson('/events', { name: 'order.paid', payload: { orderId: 'http-1' }, id: 'http-evt-1' })
    expect(sent.status).toBe(200)
    expect(await sent.json()).toEqual({ eventId: 'http-evt-1', matched: 1, woken: [run.id] })
    await waitForStatus(run.id, ['completed'])
    const listed = (await (await api('/events?name=order.paid&limit=5')).json()) as { id: string; wokenRuns: string[] }[]
    expect(listed.find((event) => event.id === 'http-evt-1')?.wokenRuns).toEqual([run.id])
  })

  it('answers 400 naming the field for a bad body, 413 for a payload over the limit', async () => {
    for (const [body, field] of [
      [{ payload: {} }, 'name'],
      [{ name: 'bad name', payload: {} }, 'name'],
      [{ name: 'ok' }, 'payload'],
      [{ name: 'ok', payload: {}, id: 'bad id' }, 'id'],
    ] as const) {
      const response = await postJson('/events', body)
      expect(response.status, JSON.stringify(body)).toBe(400)
      expect(((await response.json()) as { issues: { path: string }[] }).issues[0]?.path).toBe(field)
    }
    expect((await api('/events?limit=0')).status).toBe(400)
    expect((await postJson('/events', { name: 'big', payload: 'x'.repeat(300_000) })).status).toBe(413)
  })
})
