// The SSE endpoints read as a client reads them: snapshot first, ids, resume with Last-Event-ID, close, 204, feed.
import { describe, expect, it } from 'vitest'
import { readSse, type SseEvent } from './testing/sse'
import { api, importInput, trigger, waitForRun } from './testing/requests'

interface Event {
  type: string
  runId: string
  sequence: number
  run?: { status: string; id: string }
  stepName?: string
}

const isTerminal = (event: SseEvent<Event>) =>
  ['run:complete', 'run:fail', 'run:cancel', 'run:delete'].includes(event.data.type)

function ids(events: SseEvent<Event>[]): number[] {
  return events.map((event) => Number(event.id))
}

function expectIncreasing(values: number[]): void {
  for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1] ?? -1)
}

describe('POST /trigger with Accept: text/event-stream', () => {
  it('answers with the new run\'s stream, from its snapshot to run:complete', async () => {
    const response = await api('/trigger', {
      method: 'POST',
      headers: { 'content-type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify({ jobName: 'import-csv', input: importInput(4) }),
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toContain('text/event-stream')
    const runId = response.headers.get('X-Run-Id')
    expect(response.headers.get('X-Disposition')).toBe('created')
    const { events, ended } = await readSse<Event>(response)
    expect(ended).toBe(true)
    expect(events[0]?.data).toMatchObject({ type: 'run:snapshot', runId })
    expect(events.at(-1)?.data).toMatchObject({ type: 'run:complete', runId })
    const run = await (await api(`/run?runId=${runId}`)).json()
    expect(run).toMatchObject({ status: 'completed', output: { imported: 2 } })
  })
})

describe('GET /subscribe', () => {
  it('sends a snapshot first, then live events with increasing ids, and closes after the terminal event', async () => {
    const runId = await trigger('slow-steps', { steps: 4, delayMs: 60 })
    await waitForRun(runId, ['leased'])
    const response = await api(`/subscribe?runId=${runId}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toContain('text/event-stream')
    const { events, ended } = await readSse<Event>(response)
    expect(ended).toBe(true)
    const [snapshot] = events
    expect(snapshot?.data).toMatchObject({ type: 'run:snapshot', runId, run: { id: runId, status: 'leased' } })
    expect(Number(snapshot?.id)).toBe(snapshot?.data.sequence)
    const live = events.filter((event) => event.data.type !== 'run:snapshot')
    for (const event of live) expect(Number(event.id)).toBe(event.data.sequence)
    expectIncreasing(ids(live.filter((event) => event.data.type !== 'run:leased')))
    expect(live.filter((event) => event.data.type === 'step:complete').length).toBeGreaterThanOrEqual(1)
    expect(events.at(-1)?.data.type).toBe('run:complete')
  })

  it('replays what a client missed after Last-Event-ID, from the store', async () => {
    const runId = await trigger('slow-steps', { steps: 6, delayMs: 80 })
    const first = await readSse<Event>(await api(`/subscribe?runId=${runId}`), {
      until: (event) => event.data.type === 'step:complete',
    })
    const seen = Number(first.events.at(-1)?.id)
    const seenStep = Number(first.events.at(-1)?.data.stepName?.slice('step-'.length))
    await waitForRun(runId, ['completed'])

    const resumed = await readSse<Event>(await api(`/subscribe?runId=${runId}`, { headers: { 'Last-Event-ID': String(seen) } }))
    const replayed = resumed.events.filter((event) => event.data.type !== 'run:snapshot')
    expect(replayed.length).toBeGreaterThan(0)
    for (const event of replayed) expect(Number(event.id)).toBeGreaterThan(seen)
    expectIncreasing(ids(replayed))
    const missedSteps = [1, 2, 3, 4, 5, 6].filter((step) => step > seenStep).map((step) => `step-${step}`)
    expect(missedSteps.length).toBeGreaterThan(0)
    expect(replayed.filter((event) => event.data.type === 'step:complete').map((event) => event.data.stepName)).toEqual(
      missedSteps,
    )
    expect(replayed.at(-1)?.data.type).toBe('run:complete')

    const viaQuery = await readSse<Event>(await api(`/subscribe?runId=${runId}&lastEventId=${seen}`))
    expect(ids(viaQuery.events.filter((event) => event.data.type !== 'run:snapshot'))).toEqual(ids(replayed))
  })

  it('answers 204 to a reconnect after the terminal event, so EventSource stops', async () => {
    const runId = await trigger('import-csv', importInput())
    await waitForRun(runId, ['completed'])
    const { events } = await readSse<Event>(await api(`/subscribe?runId=${runId}`))
    const terminal = events.find(isTerminal)
    expect(terminal?.data.type).toBe('run:complete')
    const reconnect = await api(`/subscribe?runId=${runId}`, { headers: { 'Last-Event-ID': String(terminal?.id) } })
    expect(reconnect.status).toBe(204)
  })

  it('streams a run triggered by another request to a subscriber that came first', async () => {
    const feed = api('/runs/subscribe?jobName=slow-steps&label.stream=cross')
    const feedResponse = await feed
    expect(feedResponse.status).toBe(200)
    const runId = await trigger('slow-steps', { steps: 2, delayMs: 30 }, { labels: { stream: 'cross' } })
    const seen = await readSse<Event>(feedResponse, {
      until: (event) => event.data.runId === runId && event.data.type === 'run:complete',
    })
    const types = seen.events.filter((event) => event.data.runId === runId).map((event) => event.data.type)
    expect(types[0]).toBe('run:trigger')
    expect(types).toContain('run:complete')
  })
})

describe('GET /runs/subscribe', () => {
  it('sends only events of runs matching the job and label filter', async () => {
    const feedResponse = await api('/runs/subscribe?jobName=import-csv&label.tenant=a')
    const other = await trigger('import-csv', importInput(1), { labels: { tenant: 'b' } })
    const otherJob = await trigger('slow-steps', { steps: 1, delayMs: 0 }, { labels: { tenant: 'a' } })
    const mine = await trigger('import-csv', importInput(1), { labels: { tenant: 'a' } })
    const { events } = await readSse<Event>(feedResponse, {
      until: (event) => event.data.runId === mine && event.data.type === 'run:complete',
    })
    const runIds = new Set(events.map((event) => event.data.runId))
    expect(runIds.has(mine)).toBe(true)
    expect(runIds.has(other)).toBe(false)
    expect(runIds.has(otherJob)).toBe(false)
  })
})
