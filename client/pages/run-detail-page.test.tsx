// The run page: a finished run's steps come with its stream's snapshot, so opening it asks no GET /steps.
// @vitest-environment happy-dom
import { act } from 'react'
import type { Root } from 'react-dom/client'
import { mountTestRoot, unmountTestRoot } from '../test/dom-root'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { event } from '../test/events'
import { createFakeApi, makeRun, makeStep, type FakeApi } from '../test/fake-api'
import { eventSourceRecorder } from '../test/fake-event-source'
import { RunDetailPage } from './run-detail-page'

let fake: FakeApi
let sources: ReturnType<typeof eventSourceRecorder>
let root: Root
let container: HTMLElement

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

describe('run page', () => {
  it('shows a finished run and its steps from the stream, asking no GET /steps', async () => {
    const at = (second: number) => `2026-01-01T12:00:0${second}.000Z`
    const run = makeRun('r7', 'completed', { jobName: 'slow-steps', startedAt: at(0), completedAt: at(3), output: { completed: 3 } })
    fake.runs.push(run)
    const steps = [0, 1, 2].map((index) => ({ ...makeStep('r7', index, at(index)), output: index }))
    await act(async () => root.render(<RunDetailPage runId="r7" />))
    const source = sources.forRun('r7')[0]
    expect(source).toBeDefined()
    await act(async () => {
      // The server follows with run:complete; the page has closed the stream on the snapshot of a finished run.
      source?.send(event('r7', 9, { type: 'run:snapshot', run, steps, stepsOmitted: 0 }), 9)
      await new Promise((resolve) => setTimeout(resolve, 20))
    })
    const rows = [...container.querySelectorAll('.timeline-step')].map((row) => row.getAttribute('data-step'))
    expect(rows).toEqual(['step-0', 'step-1', 'step-2'])
    expect(container.textContent).toContain('completed')
    expect(fake.requests.filter((request) => request.includes('/steps'))).toEqual([])
  })
})
