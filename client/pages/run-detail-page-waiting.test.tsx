// The run page of a run that waits (what for, a countdown, the last error), a step's attempts, and rerunning from a step.
// @vitest-environment happy-dom
import { act } from 'react'
import type { Root } from 'react-dom/client'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mountTestRoot, unmountTestRoot } from '../test/dom-root'
import { event } from '../test/events'
import { createFakeApi, makeAttempt, makeRun, makeStep, type FakeApi } from '../test/fake-api'
import { eventSourceRecorder } from '../test/fake-event-source'
import { RunDetailPage } from './run-detail-page'

let fake: FakeApi
let sources: ReturnType<typeof eventSourceRecorder>
let root: Root
let container: HTMLElement

const settle = () => act(async () => void (await new Promise((resolve) => setTimeout(resolve, 20))))
const button = (name: RegExp) => [...container.querySelectorAll('button')].find((b) => name.test(b.textContent ?? ''))
const click = (element: Element | undefined) => act(async () => void (element as HTMLElement).click())

/** Types into a React-controlled field the way a browser does. */
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

describe('run page of a waiting run', () => {
  it('says which step is retried, which attempt comes next, counts down to it and shows the last error', async () => {
    const waitingFor = { kind: 'retry', stepName: 'fetch', stepIndex: 0, attempt: 2, error: 'Upstream answered 503' } as const
    const run = makeRun('r1', 'waiting', { jobName: 'flaky-sync', wakeAt: new Date(Date.now() + 4_000).toISOString(), waitingFor })
    fake.runs.push(run)
    await act(async () => root.render(<RunDetailPage runId="r1" />))
    await act(async () => sources.forRun('r1')[0]?.send(event('r1', 3, { type: 'run:snapshot', run, steps: [], stepsOmitted: 0 }), 3))
    expect(container.querySelector('.badge')?.getAttribute('data-status')).toBe('waiting')
    expect(container.querySelector('.wait-card .wait-note')?.textContent).toMatch(/^Retrying fetch \(attempt 2\) · in 0:0[34]$/)
    expect(container.querySelector('.wait-card .wait-error')?.textContent).toBe('Last error: Upstream answered 503')
    expect(container.querySelector('[aria-live="polite"]')?.textContent).toBe('Waiting. Retrying fetch (attempt 2)')
    expect(container.querySelector('[data-step="fetch"]')?.getAttribute('data-status')).toBe('retrying')
    expect(button(/^Cancel$/)).toBeDefined()
    // Resumed: running again, nothing to wait for.
    await act(async () => sources.forRun('r1')[0]?.send(event('r1', 4, { type: 'run:leased', input: {}, leaseOwner: 'o', leaseExpiresAt: 'x' }), 4))
    expect(container.querySelector('.wait-card')).toBeNull()
    expect(container.querySelector('.badge')?.getAttribute('data-status')).toBe('leased')
  })
})

describe('a step’s attempts and rerunning from it', () => {
  /** Each test opens its own run: the client's run stores outlive a test. */
  async function openFinishedRun(id: string) {
    const run = makeRun(id, 'completed', { jobName: 'flaky-sync', input: { failTimes: 1 } })
    fake.runs.push(run)
    fake.attempts.push(makeAttempt(id, 0, 1, 'failed'), makeAttempt(id, 0, 2, 'completed'))
    const steps = [{ ...makeStep(id, 0, '2026-01-01T12:00:01.000Z'), attempts: 2 }]
    await act(async () => root.render(<RunDetailPage runId={id} />))
    await act(async () => sources.forRun(id)[0]?.send(event(id, 9, { type: 'run:snapshot', run, steps, stepsOmitted: 0 }), 9))
    const toggle = container.querySelector('[data-step="step-0"] .step-toggle')
    expect(toggle?.textContent).toBe('step-0')
    expect(container.querySelector('[data-step="step-0"] .step-status')?.textContent).toBe('completed2 attempts')
    await click(toggle ?? undefined)
    await settle()
    expect(toggle?.getAttribute('aria-expanded')).toBe('true')
  }

  it('lists each attempt with its outcome, error, stack and the completed one’s output', async () => {
    await openFinishedRun('r2')
    const attempts = [...container.querySelectorAll('.attempt')]
    expect(attempts.map((a) => a.getAttribute('data-outcome'))).toEqual(['failed', 'completed'])
    expect(attempts[0]?.textContent).toContain('Attempt 1 failed')
    expect(attempts[0]?.textContent).toContain('boom 1')
    expect(attempts[0]?.querySelector('details summary')?.textContent).toBe('Stack trace')
    expect(attempts[1]?.querySelector('[aria-label="Output of attempt 2"]')?.textContent).toContain('"attempt": 2')
  })

  it('checks edited input as JSON in place, shows the server’s issues, and opens the new run', async () => {
    await openFinishedRun('r3')
    await click(container.querySelector('.rerun input[type="checkbox"]') ?? undefined)
    const field = container.querySelector('textarea') as HTMLTextAreaElement
    expect(JSON.parse(field.value)).toEqual({ failTimes: 1 })
    await typeInto(field, '{ failTimes: 1 ')
    expect(field.getAttribute('aria-invalid')).toBe('true')
    expect(container.querySelector('.rerun .field-error')?.textContent).toMatch(/^Not valid JSON/)
    expect((button(/Rerun from here/) as HTMLButtonElement).disabled).toBe(true)
    await typeInto(field, '{ "failTimes": "one" }')
    await click(button(/Rerun from here/))
    await settle()
    expect(container.querySelector('[role="alert"]')?.textContent).toContain('input.failTimes: Expected number')
    await typeInto(field, '{ "failTimes": 0 }')
    await click(button(/Rerun from here/))
    await settle()
    expect(fake.requests).toContain('POST /api/durably/retrigger?runId=r3&fromStep=0')
    expect(window.location.pathname).toBe('/runs/run-new')
  })
})
