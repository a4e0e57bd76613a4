// HTTP client for the durably protocol at /api/durably: trigger, read a run, and follow a run's SSE stream.
import { Agent, fetch } from 'undici'
import { sseEvents } from '../../test/support/sse.mjs'

const TERMINAL = new Set(['run:complete', 'run:fail', 'run:cancel', 'run:delete'])

/** One keep-alive agent for the whole bench, with room for the fan-out's 1,000 streams. */
const agent = new Agent({ connections: 1_200, pipelining: 1, keepAliveTimeout: 30_000, bodyTimeout: 0, headersTimeout: 30_000 })

export function createDurablyClient(origin) {
  const base = `${origin}/api/durably`
  return {
    base,
    trigger: (jobName, input, extra = {}) => postJson(`${base}/trigger`, { jobName, input, ...extra }),
    getRun: (runId) => getJson(`${base}/run?runId=${encodeURIComponent(runId)}`),
    subscribeRuns: (query, signal) => openStream(`${base}/runs/subscribe?${query}`, signal),
    waitForTerminal: (runId, timeoutMs) => waitForTerminal(base, runId, timeoutMs),
    /** Stepflare: trigger with `Accept: text/event-stream` and read the new run's stream to its terminal event. */
    triggerAndFollow: (jobName, input, timeoutMs) => triggerAndFollow(base, jobName, input, timeoutMs),
    /** Stepflare: start many runs in one request; resolves with their ids in order. */
    triggerBatch: async (runs) => (await postJson(`${base}/trigger/batch`, { runs })).runs.map((run) => run.runId),
    /** Stepflare: a run's SSE stream opening with its snapshot alone (`snapshot=1`), then live events. */
    openRunStream: (runId, signal) => openStream(`${base}/subscribe?runId=${encodeURIComponent(runId)}&snapshot=1`, signal),
    /** Stepflare: a run's durable waits, in the order they were prepared. */
    getWaits: (runId) => getJson(`${base}/waits?runId=${encodeURIComponent(runId)}`),
    /** Stepflare: answers wait `waitId` of run `runId`; resolves with `{ wait, disposition }`. */
    signal: (runId, waitId, signalId, payload) =>
      postJson(`${base}/signal?runId=${encodeURIComponent(runId)}&waitId=${encodeURIComponent(waitId)}`, { signalId, payload }),
    /** Stepflare: sends an event; resolves with `{ eventId, matched, woken }` once every matching wait is resolved. */
    sendEvent: (name, payload) => postJson(`${base}/events`, { name, payload }),
    /** Cancels a run (also a waiting one). */
    cancel: (runId) => postJson(`${base}/cancel?runId=${encodeURIComponent(runId)}`, {}),
    /** One page of `GET /runs?<query>` (newest first). */
    listRuns: (query) => getJson(`${base}/runs?${query}`),
    /** How many runs `GET /runs?<query>` finds (its X-Total-Count header). */
    countRuns: (query) => countRuns(`${base}/runs?${query}&limit=1`),
  }
}

async function triggerAndFollow(base, jobName, input, timeoutMs) {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new Error(`${jobName}: no terminal event in ${timeoutMs} ms`)), timeoutMs)
  try {
    const response = await fetch(`${base}/trigger`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ jobName, input }),
      signal: controller.signal,
      dispatcher: agent,
    })
    if (!response.ok) throw new Error(`POST ${base}/trigger (stream) → ${response.status}: ${(await response.text()).slice(0, 300)}`)
    for await (const { data: event } of sseEvents(response)) {
      if (TERMINAL.has(event.type)) return event
    }
    throw new Error(`${jobName}: stream ended without a terminal event`)
  } finally {
    clearTimeout(timer)
    controller.abort()
  }
}

async function postJson(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    dispatcher: agent,
  })
  const text = await response.text()
  if (!response.ok) throw new Error(`POST ${url} → ${response.status}: ${text.slice(0, 300)}`)
  return JSON.parse(text)
}

async function getJson(url) {
  const response = await fetch(url, { dispatcher: agent })
  const text = await response.text()
  if (!response.ok) throw new Error(`GET ${url} → ${response.status}: ${text.slice(0, 300)}`)
  return JSON.parse(text)
}

async function countRuns(url) {
  const response = await fetch(url, { dispatcher: agent })
  const text = await response.text()
  if (!response.ok) throw new Error(`GET ${url} → ${response.status}: ${text.slice(0, 300)}`)
  return Number(response.headers.get('x-total-count'))
}

async function openStream(url, signal) {
  const response = await fetch(url, { headers: { accept: 'text/event-stream' }, signal, dispatcher: agent })
  if (response.status === 204) return null
  if (!response.ok) throw new Error(`GET ${url} → ${response.status}: ${(await response.text()).slice(0, 300)}`)
  return response
}

/** Follows a run's SSE stream until its terminal event; resolves with that event (or null on a 204). */
async function waitForTerminal(base, runId, timeoutMs) {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new Error(`run ${runId}: no terminal event in ${timeoutMs} ms`)), timeoutMs)
  try {
    const response = await openStream(`${base}/subscribe?runId=${encodeURIComponent(runId)}`, controller.signal)
    if (!response) return null
    for await (const { data: event } of sseEvents(response)) {
      if (TERMINAL.has(event.type)) return event
    }
    throw new Error(`run ${runId}: stream ended without a terminal event`)
  } finally {
    clearTimeout(timer)
    controller.abort()
  }
}

export function isTerminalEvent(event) {
  return TERMINAL.has(event.type)
}

export async function closeAgent() {
  await agent.close().catch(() => {})
}
