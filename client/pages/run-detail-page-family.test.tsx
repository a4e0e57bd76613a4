// The run page of runs started by step.invoke and of runs waiting for one: the child names its parent and step, the
// parent lists its children (fetched again when its stream says a child ended) and says what it waits for.
// @vitest-environment happy-dom
import { act } from 'react'
import type { Root } from 'react-dom/client'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mountTestRoot, unmountTestRoot } from '../test/dom-root'
import { event } from '../test/events'
import { createFakeApi, makeRun, makeWait, type FakeApi } from '../test/fake-api'
import { eventSourceRecorder } from '../test/fake-event-source'
import type { ClientRun } from '../lib/types'
import { RunDetailPage } from './run-detail-page'

let fake: FakeApi
let sources: ReturnType<typeof eventSourceRecorder>
let root: Root
let container: HTMLElement

const settle = () => act(async () => void (await new Promise((resolve) => setTimeout(resolve, 30))))
const text = (selector: string) => container.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim()

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

async function open(run: ClientRun) {
  await act(async () => root.render(<RunDetailPage runId={run.id} />))
  await act(async () => sources.forRun(run.id)[0]?.send(event(run.id, 3, { type: 'run:snapshot', run, steps: [], stepsOmitted: 0 }), 3))
  for (let i = 0; i < 4; i++) await settle()
}

describe('run page of a run family', () => {
  it('a child run says which run and step started it, and links to that run', async () => {
    fake.waits.push(makeWait('parent-1', 'p1.w', { name: 'invoke:pack', metadata: { invoke: 'slow-steps' } }))
    const child = makeRun('child-1', 'completed', { jobName: 'slow-steps', labels: { 'stepflare.parent': 'parent-1' } })
    fake.runs.push(child)
    await open(child)
    expect(text('.run-parent')).toBe('Started by run parent-1 (step pack)')
    expect(container.querySelector('.run-parent a')?.getAttribute('href')).toBe('/runs/parent-1')
    expect(container.querySelector('#children-title')).toBeNull()
  })

  it('a parent lists its child runs with their status and step, says what it waits for, and refreshes when resumed', async () => {
    const waitingFor = { kind: 'child', stepName: 'pack', stepIndex: null, attempt: null, error: null, waitId: 'p2.w', event: 'slow-steps' } as const
    const parent = makeRun('parent-2', 'waiting', { jobName: 'order-flow', waitingFor })
    fake.runs.push(parent, makeRun('child-2', 'leased', { jobName: 'slow-steps', labels: { 'stepflare.parent': 'parent-2' } }))
    fake.runs.push(makeRun('other-3', 'leased', { jobName: 'slow-steps', labels: { 'stepflare.parent': 'someone-else' } }))
    fake.waits.push(makeWait('parent-2', 'p2.w', { name: 'invoke:pack', metadata: { invoke: 'slow-steps' } }))
    await open(parent)
    expect(text('.wait-card .wait-note')).toBe('Waiting for child run of slow-steps (pack)')
    expect(text('.wait-details')).toBe('DeadlineNone: it waits until the child run endsChild jobslow-steps')
    const rows = () => [...container.querySelectorAll('.child-runs li')].map((li) => `${li.getAttribute('data-run-id')} ${li.getAttribute('data-status')} ${li.textContent}`)
    expect(rows()).toEqual(['child-2 leased slow-steps child-2Runningstep pack'])
    // The child ended: the parent's wait is answered and it resumes; the list is asked again.
    fake.runs[1] = { ...fake.runs[1]!, status: 'completed', isActive: false, isTerminal: true }
    fake.waits[0] = { ...fake.waits[0]!, status: 'resolved', outcome: 'signal', payload: { runId: 'child-2', status: 'completed' } }
    await act(async () => sources.forRun('parent-2')[0]?.send(event('parent-2', 4, { type: 'run:leased', input: {}, leaseOwner: 'o', leaseExpiresAt: 'x' }), 4))
    await settle()
    expect(rows()).toEqual(['child-2 completed slow-steps child-2Completedstep pack'])
  })

  it('a run waiting for an event says which, and its card shows the match', async () => {
    const waitingFor = { kind: 'event', stepName: 'payment', stepIndex: null, attempt: null, error: null, waitId: 'p4.w', event: 'order.paid' } as const
    const run = makeRun('parent-4', 'waiting', { jobName: 'order-flow', waitingFor })
    fake.runs.push(run)
    fake.waits.push(makeWait('parent-4', 'p4.w', { name: 'payment', metadata: { event: 'order.paid', match: { orderId: 'o-1' } } }))
    await open(run)
    expect(text('.wait-card .wait-note')).toBe('Waiting for event order.paid')
    expect(text('.wait-details')).toContain('None: it waits until the event comes')
    expect(container.querySelector('[aria-label="Match of payment"]')?.textContent).toContain('"orderId": "o-1"')
    expect(container.querySelector('.signal-form')).toBeNull()
    expect(container.querySelector('.child-runs')).toBeNull()
  })
})
