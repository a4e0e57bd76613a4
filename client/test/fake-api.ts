// An in-memory responder for the durably HTTP API, installed as `fetch` in client unit tests.
import type { SentEvent } from '../../worker/engine/events/event-types'
import type { Attempt, ClientRun, DurableWait, Log, RunStatus, Step } from '../../worker/engine/types'

export interface FakeApi {
  runs: ClientRun[]
  logs: Log[]
  steps: Step[]
  attempts: Attempt[]
  waits: DurableWait[]
  /** The JSON bodies of POST /signal, in order. */
  signalBodies: { signalId: string; payload: unknown }[]
  /** Status answered to the next POST /signal when set (then cleared), with 400 issues when given. */
  signalFails: { status: number; issues?: { path: string; message: string }[] } | null
  /** Sent events, newest first (GET /events); POST /events adds one, waking the runs in `wakes[name]`. */
  events: SentEvent[]
  wakes: Record<string, string[]>
  requests: string[]
  /** The JSON bodies of POST /trigger, in order. */
  triggerBodies: Record<string, unknown>[]
  /** Status answered to every request when set (e.g. 401). */
  failWith: number | null
  fetch: typeof fetch
}

export function makeRun(id: string, status: RunStatus, extra: Partial<ClientRun> = {}): ClientRun {
  const terminal = status === 'completed' || status === 'failed' || status === 'cancelled'
  return {
    id, jobName: 'import-csv', input: {}, status, currentStepIndex: 0, completedStepCount: 0, progress: null,
    output: null, error: null, labels: {}, startedAt: null, completedAt: null,
    createdAt: new Date(Date.UTC(2026, 0, 1, 12, 0, Number(id.replace(/\D/g, '') || 0))).toISOString(),
    isTerminal: terminal, isActive: status === 'pending' || status === 'leased', isWaiting: status === 'waiting',
    wakeAt: null, waitingFor: null, ...extra,
  }
}

export function makeStep(runId: string, index: number, at: string): Step {
  return { id: `step-${index}`, runId, name: `step-${index}`, index, status: 'completed', output: null, error: null, startedAt: at, completedAt: at }
}

export function makeAttempt(runId: string, stepIndex: number, attempt: number, outcome: Attempt['outcome'], extra: Partial<Attempt> = {}): Attempt {
  const failed = outcome !== 'completed'
  return {
    runId, stepIndex, stepName: `step-${stepIndex}`, attempt, outcome, error: failed ? `boom ${attempt}` : null,
    stack: failed ? `Error: boom ${attempt}\n    at step` : null, output: failed ? null : { attempt }, metadata: null,
    startedAt: `2026-01-01T12:00:0${attempt}.000Z`, endedAt: `2026-01-01T12:00:0${attempt}.500Z`, ...extra,
  }
}

export function makeWait(runId: string, id: string, extra: Partial<DurableWait> = {}): DurableWait {
  return {
    id, runId, name: 'decision', metadata: null, status: 'pending', payload: null, signalId: null,
    createdAt: '2026-01-01T12:00:00.000Z', deadlineAt: null, outcome: null, suspendedAt: '2026-01-01T12:00:01.000Z',
    resolvedAt: null, firstResumedAt: null, inputWaitMs: null, executionSlotWaitMs: null, ...extra,
  }
}

export function makeLog(runId: string, sequence: number, message: string): Log {
  return { id: `log-${sequence}`, runId, sequence, stepName: null, level: 'info', message, data: null, createdAt: '2026-01-01T12:00:00.000Z' }
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })

export function createFakeApi(): FakeApi {
  const api: FakeApi = { runs: [], logs: [], steps: [], attempts: [], waits: [], signalBodies: [], signalFails: null, events: [], wakes: {}, requests: [], triggerBodies: [], failWith: null, fetch: undefined as unknown as typeof fetch }
  let nextId = 100
  api.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost')
    const method = init?.method ?? 'GET'
    api.requests.push(`${method} ${url.pathname}${url.search}`)
    if (api.failWith) return json({ error: 'nope' }, api.failWith)
    const path = url.pathname.replace('/api/durably', '')
    const runId = url.searchParams.get('runId') ?? ''
    if (path === '/trigger' && method === 'POST') {
      const body = JSON.parse(String(init?.body)) as { jobName: string; input: unknown }
      api.triggerBodies.push(body)
      const run = makeRun(`run-${nextId++}`, 'pending', { jobName: body.jobName, input: body.input })
      api.runs.unshift(run)
      return json({ runId: run.id, disposition: 'created', status: 'pending' })
    }
    if (path === '/runs') {
      const statuses = url.searchParams.getAll('status')
      const jobs = url.searchParams.getAll('jobName')
      const labels = [...url.searchParams].filter(([key]) => key.startsWith('label.')).map(([key, value]) => [key.slice(6), value] as const)
      const matching = api.runs.filter((r) => (!statuses.length || statuses.includes(r.status)) && (!jobs.length || jobs.includes(r.jobName))
        && labels.every(([key, value]) => r.labels[key] === value))
      const offset = Number(url.searchParams.get('offset') ?? 0)
      const limit = Number(url.searchParams.get('limit') ?? 50)
      return json(matching.slice(offset, offset + limit), 200, { 'X-Total-Count': String(matching.length) })
    }
    if (path === '/run' && method === 'GET') {
      const run = api.runs.find((r) => r.id === runId)
      return run ? json(run) : json({ error: 'Run not found' }, 404)
    }
    if (path === '/logs') {
      const after = Number(url.searchParams.get('after') ?? 0)
      return json(api.logs.filter((l) => l.runId === runId && l.sequence > after))
    }
    if (path === '/steps') return json(api.steps.filter((s) => s.runId === runId))
    if (path === '/attempts') return json(api.attempts.filter((a) => a.runId === runId))
    if (path === '/waits') return json(api.waits.filter((w) => w.runId === runId))
    if (path === '/signal' && method === 'POST') return signal(api, runId, url.searchParams.get('waitId'), String(init?.body))
    if (path === '/events') return events(api, method, url, init?.body)
    if (path === '/openapi.json') {
      return json({ components: { schemas: { Trigger: { properties: { jobName: { type: 'string', enum: ['import-csv', 'slow-steps'] } } } } } })
    }
    if (path === '/retrigger' && url.searchParams.has('fromStep') && init?.body) {
      const { input } = JSON.parse(String(init.body)) as { input?: { failTimes?: unknown } }
      if (input && typeof input.failTimes !== 'number') {
        return json({ error: 'Invalid input', issues: [{ path: 'input.failTimes', message: 'Expected number' }] }, 400)
      }
    }
    if (path === '/cancel' || path === '/retrigger' || (path === '/run' && method === 'DELETE')) {
      return json({ success: true, runId: 'run-new' })
    }
    if (path === '/session') return json({ authenticated: true, configured: true, required: true })
    return json({ error: 'Not found' }, 404)
  }) as typeof fetch
  return api
}

/** POST /signal: the wait resolved with the payload (the same signal id again is a duplicate), or the set failure. */
function signal(api: FakeApi, runId: string, waitId: string | null, body: string): Response {
  const sent = JSON.parse(body) as { signalId: string; payload: unknown }
  api.signalBodies.push(sent)
  const failure = api.signalFails
  if (failure) {
    api.signalFails = null
    return json({ error: `Refused (${failure.status})`, ...(failure.issues ? { issues: failure.issues } : {}) }, failure.status)
  }
  const index = api.waits.findIndex((w) => w.id === waitId && w.runId === runId)
  const wait = api.waits[index]
  if (!wait) return json({ error: 'Wait not found' }, 404)
  if (wait.status !== 'pending') {
    return wait.signalId === sent.signalId ? json({ wait, disposition: 'duplicate' }) : json({ error: 'Already resolved' }, 409)
  }
  const resolved: DurableWait = { ...wait, status: 'resolved', outcome: 'signal', payload: sent.payload, signalId: sent.signalId, resolvedAt: '2026-01-01T12:00:05.000Z' }
  api.waits[index] = resolved
  return json({ wait: resolved, disposition: 'accepted' })
}

/** GET /events (newest first, by name) and POST /events (a name with a space is refused as the server does). */
function events(api: FakeApi, method: string, url: URL, body: unknown): Response {
  if (method === 'GET') {
    const name = url.searchParams.get('name')
    return json(api.events.filter((e) => !name || e.name === name))
  }
  const sent = JSON.parse(String(body)) as { name: string; payload: unknown }
  if (/\s/.test(sent.name)) return json({ error: 'Invalid request body', issues: [{ path: 'name', message: "must be letters, digits, '.', '_', ':', '/' or '-'" }] }, 400)
  const woken = api.wakes[sent.name] ?? []
  const event: SentEvent = { id: `evt-${api.events.length + 1}`, name: sent.name, payload: sent.payload, matched: woken.length, wokenRuns: woken, createdAt: '2026-01-01T12:00:00.000Z' }
  api.events.unshift(event)
  return json({ eventId: event.id, matched: woken.length, woken })
}
