// The Events page: the newest events with what each matched and woke, the name filter, and the send form (JSON
// checked in place, the server's refusal beside the name, the list reloaded after a send).
// @vitest-environment happy-dom
import { act } from 'react'
import type { Root } from 'react-dom/client'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mountTestRoot, unmountTestRoot } from '../test/dom-root'
import { createFakeApi, type FakeApi } from '../test/fake-api'
import { EventsPage } from './events-page'

let fake: FakeApi
let root: Root
let container: HTMLElement

const settle = () => act(async () => void (await new Promise((resolve) => setTimeout(resolve, 30))))
const button = (name: string) => [...container.querySelectorAll('button')].find((b) => b.textContent === name) as HTMLButtonElement
const field = (label: string) => {
  const id = [...container.querySelectorAll('label')].find((l) => l.textContent === label)?.getAttribute('for')
  return container.querySelector(`[id="${id}"]`) as HTMLInputElement | HTMLTextAreaElement
}
const listed = () => [...container.querySelectorAll('li.event')].map((li) => li.querySelector('.event-outcome')?.textContent)

async function typeInto(element: HTMLInputElement | HTMLTextAreaElement, value: string) {
  await act(async () => {
    const proto = element instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype
    Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(element, value)
    element.dispatchEvent(new Event('input', { bubbles: true }))
  })
}

beforeEach(() => {
  fake = createFakeApi()
  vi.stubGlobal('fetch', fake.fetch)
  ;({ container, root } = mountTestRoot())
})
afterEach(async () => {
  await unmountTestRoot({ container, root })
  vi.unstubAllGlobals()
})

describe('Events page', () => {
  it('lists events, sends one (bad JSON and a refused name caught in place) and shows what it woke', async () => {
    fake.events.push({ id: 'evt-0', name: 'build.done', payload: { ok: true }, matched: 0, wokenRuns: [], createdAt: '2026-01-01T11:00:00.000Z' })
    fake.wakes['order.paid'] = ['run-7']
    await act(async () => root.render(<EventsPage />))
    await settle()
    expect(listed()).toEqual(['No wait matched'])

    await typeInto(field('Event name'), 'order paid')
    await typeInto(field('Payload (JSON)'), '{"orderId": ')
    expect(field('Payload (JSON)').getAttribute('aria-invalid')).toBe('true')
    await act(async () => button('Send event').click())
    expect(fake.requests.filter((r) => r.startsWith('POST /api/durably/events'))).toHaveLength(0)

    await typeInto(field('Payload (JSON)'), '{"orderId": "o-1"}')
    await act(async () => button('Send event').click())
    await settle()
    expect(field('Event name').getAttribute('aria-invalid')).toBe('true')
    expect(container.querySelector(`#${CSS.escape(field('Event name').getAttribute('aria-describedby') ?? '')}`)?.textContent).toMatch(/^must be letters/)

    await typeInto(field('Event name'), 'order.paid')
    await act(async () => button('Send event').click())
    await settle()
    expect(container.querySelector('.event-sent')?.textContent).toBe('Sent order.paid: 1 wait matched; woke run run-7.')
    expect(container.querySelector('.event-sent a')?.getAttribute('href')).toBe('/runs/run-7')
    expect(listed()).toEqual(['1 wait matched · woke run run-7', 'No wait matched'])
    expect(container.querySelector('li.event [aria-label^="Payload of order.paid"]')?.textContent).toContain('"orderId": "o-1"')
  })

  it('filters by name, and shows all again', async () => {
    fake.events.push(
      { id: 'evt-2', name: 'order.paid', payload: {}, matched: 1, wokenRuns: ['run-1'], createdAt: '2026-01-01T11:00:00.000Z' },
      { id: 'evt-1', name: 'build.done', payload: {}, matched: 0, wokenRuns: [], createdAt: '2026-01-01T10:00:00.000Z' },
    )
    await act(async () => root.render(<EventsPage />))
    await settle()
    expect(listed()).toHaveLength(2)
    await typeInto(field('Name'), 'build.done')
    await act(async () => button('Filter').click())
    await settle()
    expect([...container.querySelectorAll('li.event')].map((li) => li.getAttribute('data-event-name'))).toEqual(['build.done'])
    expect(fake.requests).toContain('GET /api/durably/events?name=build.done&limit=50')
    await act(async () => button('Show all').click())
    await settle()
    expect(listed()).toHaveLength(2)
  })
})
