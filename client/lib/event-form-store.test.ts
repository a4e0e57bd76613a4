// The send-an-event form: checked before sending (name, JSON), the server's refusals beside their fields or as a
// sentence, and what a send did.
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from './api'
import type { EventDelivery, NewEvent } from './event-api'
import { checkEventForm, createEventFormStore, eventSendProblem } from './event-form-store'

const delivery: EventDelivery = { eventId: 'e1', matched: 1, woken: ['r1'] }

describe('event form', () => {
  it('needs a name and a JSON payload before anything is sent', () => {
    expect(checkEventForm(' order.paid ', '{"orderId": "o-1"}')).toEqual({ ok: true, event: { name: 'order.paid', payload: { orderId: 'o-1' } } })
    expect(checkEventForm('', '{}')).toEqual({ ok: false, fields: { name: 'Give the event a name, e.g. order.paid.' } })
    const bad = checkEventForm('order.paid', '{"orderId": ')
    expect(bad.ok === false && bad.fields.payload).toMatch(/^Not valid JSON/)
    expect(checkEventForm('x', '  ')).toEqual({ ok: false, fields: { payload: 'Write the payload as JSON, e.g. {}.' } })
  })

  it('places a 400’s issues beside name, payload or id, and says 403, 413 and no answer in words', () => {
    const issues = [{ path: 'name', message: 'must be letters' }, { path: 'payload', message: 'is required' }, { path: 'other', message: 'odd' }]
    expect(eventSendProblem(new ApiError('Invalid body', 400, issues))).toEqual({ fields: { name: 'must be letters', payload: 'is required' }, message: 'other: odd' })
    expect(eventSendProblem(new ApiError('Invalid body', 400, [{ path: 'name', message: 'a' }, { path: 'name', message: 'b' }]))).toEqual({ fields: { name: 'a; b' }, message: null })
    expect(eventSendProblem(new ApiError('Forbidden', 403)).message).toBe('You are not allowed to send this event.')
    expect(eventSendProblem(new ApiError('Too large', 413)).message).toBe('The event is too large: send a smaller payload.')
    expect(eventSendProblem(new ApiError('Boom', 500)).message).toBe('Boom')
    expect(eventSendProblem(new TypeError('fetch failed')).message).toBe('The server could not be reached. Send again.')
  })

  it('checks the payload as it is typed, sends nothing malformed, and reports a send and what it woke', async () => {
    const send = vi.fn(async (_event: NewEvent) => delivery)
    const onSent = vi.fn()
    const store = createEventFormStore({ send, onSent })
    store.setName('order.paid')
    store.setPayload('{"orderId": ')
    expect(store.getState().fields.payload).toMatch(/^Not valid JSON/)
    expect(await store.send()).toBe(false)
    expect(send).not.toHaveBeenCalled()
    store.setPayload('{"orderId": "o-1"}')
    expect(store.getState().fields.payload).toBeUndefined()
    const sending = store.send()
    expect(store.getState().phase).toBe('sending')
    expect(await store.send()).toBe(false)
    expect(await sending).toBe(true)
    expect(send).toHaveBeenCalledTimes(1)
    expect(send).toHaveBeenCalledWith({ name: 'order.paid', payload: { orderId: 'o-1' } })
    expect(store.getState()).toMatchObject({ phase: 'editing', sent: { name: 'order.paid', delivery }, fields: {}, message: null })
    expect(onSent).toHaveBeenCalledWith(delivery)
  })

  it('shows the server’s refusal in place and keeps what was typed; editing the field clears its issue', async () => {
    const send = vi.fn(async (_event: NewEvent): Promise<EventDelivery> => {
      throw new ApiError('Invalid body', 400, [{ path: 'name', message: 'must be letters, digits' }])
    })
    const store = createEventFormStore({ send })
    store.setName('order paid')
    expect(await store.send()).toBe(false)
    expect(store.getState()).toMatchObject({ phase: 'editing', name: 'order paid', fields: { name: 'must be letters, digits' }, sent: null })
    store.setName('order.paid')
    expect(store.getState().fields.name).toBeUndefined()
  })
})
