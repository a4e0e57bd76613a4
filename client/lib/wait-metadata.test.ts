// Reading a wait's metadata: an event wait's event and match, a child run's job and step name.
import { describe, expect, it } from 'vitest'
import { eventWaitOf, invokedJobOf, invokeStepName } from './wait-metadata'

describe('wait metadata', () => {
  it('reads an event wait’s event and match (null: any event of the name); nothing from other waits', () => {
    expect(eventWaitOf({ name: 'payment', metadata: { event: 'order.paid', match: { orderId: 'o-1' } } })).toEqual({ event: 'order.paid', match: { orderId: 'o-1' } })
    expect(eventWaitOf({ name: 'payment', metadata: { event: 'order.paid', match: null } })).toEqual({ event: 'order.paid', match: null })
    expect(eventWaitOf({ name: 'decision', metadata: { title: 'x' } })).toBeNull()
    expect(eventWaitOf({ name: 'decision', metadata: null })).toBeNull()
  })

  it('reads the job a child run’s wait invoked and the step’s name', () => {
    const wait = { name: 'invoke:pack', metadata: { invoke: 'slow-steps' } }
    expect(invokedJobOf(wait)).toBe('slow-steps')
    expect(invokeStepName(wait)).toBe('pack')
    expect(invokedJobOf({ name: 'decision', metadata: [1] })).toBeNull()
    expect(invokeStepName({ name: 'decision', metadata: null })).toBe('decision')
  })
})
