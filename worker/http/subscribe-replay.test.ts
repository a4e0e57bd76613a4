// GET /subscribe for a client that does not read run:snapshot: a run's stored lifecycle, progress and logs are
// replayed on connect with their real ids; Last-Event-ID resumes after them; `snapshot=1` keeps the snapshot alone.
import { runDurableObjectAlarm } from 'cloudflare:test'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { testDurably } from '../../test/support/test-jobs'
import { runShard } from '../../test/support/runs'
import { api, trigger, waitForRun } from './testing/requests'
import { readSse, type SseEvent } from './testing/sse'

interface Event {
  type: string
  runId: string
  sequence: number
  message?: string
  progress?: { current: number; total: number }
  run?: { status: string }
}

const defaults = { ...testDurably.settings }
afterEach(() => testDurably.configure(defaults))

const isLog = (event: SseEvent<Event>) => event.data.type === 'log:write'
const messages = (events: SseEvent<Event>[]) => events.filter(isLog).map((event) => event.data.message)
const stepsDone = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `Step ${from + i} done`)

/** The run's stored log lines, as GET /logs has them. */
async function storedLogs(runId: string): Promise<{ message: string; sequence: number }[]> {
  return (await api(`/logs?runId=${runId}`)).json()
}

/** A slow-steps run that has logged at least `lines` lines. */
async function runThatLogged(lines: number, steps = 6, delayMs = 100): Promise<string> {
  const runId = await trigger('slow-steps', { steps, delayMs })
  await vi.waitFor(async () => expect((await storedLogs(runId)).length).toBeGreaterThanOrEqual(lines), { timeout: 10_000, interval: 20 })
  return runId
}

describe('GET /subscribe without snapshot=1 (a durably-protocol client)', () => {
  it('replays the lifecycle, latest progress and every log line written before it connected, with real ids', async () => {
    const runId = await runThatLogged(2)
    const { events, ended } = await readSse<Event>(await api(`/subscribe?runId=${runId}`))
    expect(ended).toBe(true)
    const [snapshot, ...rest] = events
    expect(snapshot?.data).toMatchObject({ type: 'run:snapshot', run: { status: 'leased' } })
    const before = Number(snapshot?.id)
    const replayed = rest.filter((event) => event.data.sequence <= before)
    // The run as a client connected from the start holds it: leased, its progress, the lines so far, in order.
    expect(replayed[0]?.data.type).toBe('run:leased')
    expect(replayed.some((event) => event.data.type === 'run:progress')).toBe(true)
    expect(messages(replayed).length).toBeGreaterThanOrEqual(2)
    for (const event of rest) expect(Number(event.id)).toBe(event.data.sequence)
    const ids = rest.map((event) => event.data.sequence)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    expect(new Set(ids).size).toBe(ids.length)
    // Every line exactly once, the replayed ones and the live ones, as stored.
    expect(messages(rest)).toEqual(stepsDone(1, 6))
    expect(rest.filter(isLog).map((event) => event.data.sequence)).toEqual((await storedLogs(runId)).map((log) => log.sequence))
    expect(rest.at(-1)?.data.type).toBe('run:complete')
  })

  it('resumes after Last-Event-ID with only what came later: no line twice, none lost', async () => {
    const runId = await runThatLogged(3)
    const first = await readSse<Event>(await api(`/subscribe?runId=${runId}`), {
      until: (event) => event.data.message === 'Step 2 done',
    })
    const seen = Number(first.events.at(-1)?.id)
    const resumed = await readSse<Event>(await api(`/subscribe?runId=${runId}`, { headers: { 'Last-Event-ID': String(seen) } }))
    expect(resumed.events.some((event) => event.data.type === 'run:snapshot')).toBe(false)
    for (const event of resumed.events) expect(Number(event.id)).toBeGreaterThan(seen)
    expect([...messages(first.events), ...messages(resumed.events)]).toEqual(stepsDone(1, 6))
    expect(resumed.events.at(-1)?.data.type).toBe('run:complete')
  })

  it('replays a finished run (ending last) and closes; a reconnect after its last id gets 204', async () => {
    const runId = await trigger('slow-steps', { steps: 3, delayMs: 0 })
    await waitForRun(runId, ['completed'])
    const { events, ended } = await readSse<Event>(await api(`/subscribe?runId=${runId}`))
    expect(ended).toBe(true)
    expect(events.map((event) => event.data.type)).toEqual([
      'run:snapshot', 'log:write', 'log:write', 'log:write', 'run:progress', 'run:complete',
    ])
    expect(messages(events)).toEqual(stepsDone(1, 3))
    expect(events.find((event) => event.data.type === 'run:progress')?.data.progress).toMatchObject({ current: 3, total: 3 })
    const reconnect = await api(`/subscribe?runId=${runId}`, { headers: { 'Last-Event-ID': String(events.at(-1)?.id) } })
    expect(reconnect.status).toBe(204)
  })

  it('replays the logs from D1 once the journal was swept', async () => {
    testDurably.configure({ journalRetentionMs: 200 })
    const runId = await trigger('slow-steps', { steps: 2, delayMs: 0 })
    await waitForRun(runId, ['completed'])
    await new Promise((resolve) => setTimeout(resolve, 300))
    await runDurableObjectAlarm(runShard(runId) as DurableObjectStub)
    const { events, ended } = await readSse<Event>(await api(`/subscribe?runId=${runId}`))
    expect(ended).toBe(true)
    expect(events.map((event) => event.data.type)).toEqual(['run:snapshot', 'log:write', 'log:write', 'run:complete'])
    expect(events.filter(isLog).map((event) => Number(event.id))).toEqual((await storedLogs(runId)).map((log) => log.sequence))
    const reconnect = await api(`/subscribe?runId=${runId}`, { headers: { 'Last-Event-ID': String(events.at(-1)?.id) } })
    expect(reconnect.status).toBe(204)
  })
})

describe('GET /subscribe?snapshot=1 (Stepflare\'s client)', () => {
  it('opens with run:snapshot and its catch-up under the snapshot\'s id, replaying no stored log line', async () => {
    const runId = await runThatLogged(2)
    const { events } = await readSse<Event>(await api(`/subscribe?runId=${runId}&snapshot=1`))
    const [snapshot, leased] = events
    expect(snapshot?.data.type).toBe('run:snapshot')
    expect(leased?.data.type).toBe('run:leased')
    expect(leased?.id).toBe(snapshot?.id)
    const before = Number(snapshot?.id)
    expect(events.filter(isLog).every((event) => event.data.sequence > before)).toBe(true)
    expect(messages(events).length).toBeLessThan(6)
    expect(events.at(-1)?.data.type).toBe('run:complete')
  })
})
