// The run page of a run waiting for a signal: what it waits for with its deadline and details, the answer form (JSON
// checked in place, the server's refusals in place, one signal id for every try) and the run's waits.
// @vitest-environment happy-dom
import { act } from 'react'
import type { Root } from 'react-dom/client'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mountTestRoot, unmountTestRoot } from '../test/dom-root'
import { event } from '../test/events'
import { createFakeApi, makeRun, makeWait, type FakeApi } from '../test/fake-api'
import { eventSourceRecorder } from '../test/fake-event-source'
import { RunDetailPage } from './run-detail-page'

let fake: FakeApi
let sources: ReturnType<typeof eventSourceRecorder>
let root: Root
let container: HTMLElement

const settle = () => act(async () => void (await new Promise((resolve) => setTimeout(resolve, 30))))
const sendButton = () => [...container.querySelectorAll('button')].find((b) => b.textContent === 'Send signal') as HTMLButtonElement | undefined
const payloadField = () => container.querySelector('.signal-form textarea') as HTMLTextAreaElement

async function typeInto(field: HTMLTextAreaElement, value: string) {
  await act(async () => {
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set?.call(field, value)
    field.dispatchEvent(new Event('input', { bubbles: true }))
  })
}

beforeEach(() => {
  fake = createFakeApi()
  sources = eventSourceRecorder()
  vi.stubGlobal('fetch', fake.fetch)
  vi.stubGlobal('EventSource', function EventSource(url: string) {
    return sources.open(url)
  })
  ;({ container, root } = mountTestRoot())
})
afterEach(async () => {
  await unmountTestRoot({ container, root })
  vi.unstubAllGlobals()
})

/** Opens the page of a run (its own id per test: the client's stores outlive a test) that waits on `decision`. */
async function openWaitingRun(id: string, deadline: number | null = 298_000) {
  const deadlineAt = deadline === null ? null : new Date(Date.now() + deadline).toISOString()
  const waitingFor = { kind: 'signal', stepName: 'decision', stepIndex: null, attempt: null, error: null, waitId: `${id}.w` } as const
  const run = makeRun(id, 'waiting', { jobName: 'approval', wakeAt: deadlineAt, waitingFor })
  fake.runs.push(run)
  fake.waits.push(makeWait(id, `${id}.w`, { deadlineAt, metadata: { title: 'Ship it', expects: { approved: 'boolean', note: 'string (optional)' } } }))
  await act(async () => root.render(<RunDetailPage runId={id} />))
  await act(async () => sources.forRun(id)[0]?.send(event(id, 3, { type: 'run:snapshot', run, steps: [], stepsOmitted: 0 }), 3))
  await settle()
  await settle()
}

describe('run page of a run waiting for a signal', () => {
  it('shows what it waits for, the deadline counting down, the wait’s details and a form prefilled from them', async () => {
    await openWaitingRun('s1')
    expect(container.querySelector('.wait-card .wait-note')?.textContent).toMatch(/^Waiting for decision · 4:5\d left$/)
    expect(container.querySelector('[aria-live="polite"]')?.textContent).toBe('Waiting. Waiting for decision')
    expect(container.querySelector('[aria-label="Details of decision"]')?.textContent).toContain('"title": "Ship it"')
    expect(container.querySelector('#signal-title')?.textContent).toBe('Answer decision')
    expect(JSON.parse(payloadField().value)).toEqual({ approved: false, note: '' })
    expect(container.querySelector('.signal-id code')?.textContent).toMatch(/^dashboard-[0-9a-f]{16}$/)
    expect(container.querySelector('[data-wait="decision"] .wait-status')?.textContent).toBe('Pending')
  })

  it('checks the payload as JSON in place and sends nothing until it is', async () => {
    await openWaitingRun('s2', null)
    expect(container.querySelector('.wait-card .wait-note')?.textContent).toBe('Waiting for decision')
    await typeInto(payloadField(), '{"approved": tru')
    expect(payloadField().getAttribute('aria-invalid')).toBe('true')
    expect(container.querySelector('.signal-form .field-error')?.textContent).toMatch(/^Not valid JSON/)
    await act(async () => sendButton()?.click())
    await settle()
    expect(fake.signalBodies).toEqual([])
  })

  it('sends the answer, shows it, and lists the answered wait', async () => {
    await openWaitingRun('s3')
    const signalId = container.querySelector('.signal-id code')?.textContent
    await typeInto(payloadField(), '{"approved": true, "note": "ok"}')
    await act(async () => sendButton()?.click())
    await settle()
    expect(fake.signalBodies).toEqual([{ signalId, payload: { approved: true, note: 'ok' } }])
    expect(fake.requests).toContain('POST /api/durably/signal?runId=s3&waitId=s3.w')
    expect(container.querySelector('.signal-sent[role="status"]')?.textContent).toContain('Answer sent.')
    expect(container.querySelector('[data-wait="decision"] .wait-status')?.textContent).toBe('Answered')
    expect(container.querySelector('[aria-label="Answer to decision"]')?.textContent).toContain('"note": "ok"')
    // The run resumes: the answer stays on screen.
    await act(async () => sources.forRun('s3')[0]?.send(event('s3', 4, { type: 'run:leased', input: {}, leaseOwner: 'o', leaseExpiresAt: 'x' }), 4))
    await settle()
    expect(container.querySelector('.wait-card')).toBeNull()
    expect(container.querySelector('.signal-sent')).not.toBeNull()
  })

  it('shows the server’s refusals in place: issues beside their fields, a conflict as a sentence, the same id on retry', async () => {
    await openWaitingRun('s4')
    fake.signalFails = { status: 400, issues: [{ path: 'payload', message: 'is required' }] }
    await act(async () => sendButton()?.click())
    await settle()
    expect(container.querySelector('.signal-form .field-error')?.textContent).toBe('is required')
    expect(payloadField().getAttribute('aria-invalid')).toBe('true')
    fake.signalFails = { status: 409 }
    await act(async () => sendButton()?.click())
    await settle()
    expect(container.querySelector('.signal-form [role="alert"]')?.textContent).toBe('Not sent: this wait was already answered by another signal, or its run has finished.')
    expect(sendButton()?.disabled).toBe(true)
    expect(new Set(fake.signalBodies.map((b) => b.signalId)).size).toBe(1)
  })
})
