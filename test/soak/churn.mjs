// SSE churn: many clients connect, read one event and go away while a run reports progress; memory must come back.
//
// sseChurn({ baseUrl, cycles, concurrency, memory, ... }) → { before, after, afterSettle, cycles, errors, ... }
//   baseUrl      the server's origin (`http://127.0.0.1:8787`); the API is at `${baseUrl}${apiPath}`.
//   cycles       measured connect / first event / abort cycles, spread evenly over the kinds (default 2,000).
//   concurrency  cycles in flight at once (default 8).
//   memory       `() => bytes` (sync or async), e.g. `memoryOf({ pgid })` from ./memory.mjs.
//   kinds        which streams to churn (default ['feed', 'run']): 'feed' = GET /runs/subscribe (every job's feed,
//                merged), 'run' = GET /subscribe?runId= of the progressing run, 'read' = GET /run?runId= (a plain read).
//   warmup       unmeasured cycles first, so caches, JIT and pools are in place before `before` (default 10% of
//                cycles, at least 50, at most 500).
//   settleMs     longest wait after the churn for memory to come back (default 15,000). Memory is sampled every
//                second; the wait ends early once it is within `settleTolerance` (default 0.10) of `before`.
//   cycleTimeoutMs  longest a cycle may wait for its first event before it counts as an error (default 10,000).
//   timeLimitMs  hard bound on the churn itself; cycles not started by then are skipped (default 10 minutes).
//   feedQuery    query string of the feed streams (default '': every job's feed; '?jobName=slow-steps' for one).
//   headers      extra request headers (e.g. `{ Authorization: 'Bearer …' }`).
//   apiPath      default '/api/durably'.
//   log          `(line) => void` for progress lines (default: silent).
//   progressRun  `{ jobName, input: () => input }`: the run kept reporting progress throughout (default: `bench-fanout`
//                of the bench Worker, bench/stepflare, which the soak suite serves; a progress event every 50 ms); a new
//                one is triggered when one ends, and the last is cancelled at the end.
// Pass criterion of the soak suite: afterSettle within 10% of before. A churn of 2,000 cycles at concurrency 8 takes
// 15-20 s under `wrangler dev` on 2 cores, plus the warm-up and at most `settleMs`.
// Figures are bytes; `cycles` is how many measured cycles ran, `errors` how many failed (samples in `errorSamples`).

import { sseMessages } from '../support/sse.mjs'

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'deleted'])

/**
 * The default progressing run: `bench-fanout`, a progress event every 50 ms for 50 s. Progress only, so the run itself
 * adds little memory (a `slow-steps` run of 25 ms steps adds ~75 MiB a minute by itself on bare workerd, which would
 * hide what the churn does).
 */
const PROGRESS_ONLY = { jobName: 'bench-fanout', input: () => ({ startAt: Date.now(), emits: 1000, gapMs: 50 }) }

/** Keeps one run of `job` reporting progress until `stop()`; `runId()` is the current one. */
function keepRunProgressing(api, job) {
  let current = null
  let stopped = false
  const startRun = async () => {
    const response = await api('/trigger', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jobName: job.jobName, input: job.input(), labels: { soak: 'churn' } }),
    })
    if (response.status !== 200) throw new Error(`trigger ${job.jobName}: ${response.status} ${await response.text()}`)
    current = (await response.json()).runId
  }
  const watch = (async () => {
    while (!stopped) {
      await sleep(1_000)
      if (stopped) break
      const response = await api(`/run?runId=${current}`).catch(() => null)
      const run = response?.status === 200 ? await response.json() : null
      if (response && !run) await response.body?.cancel()
      if (run && TERMINAL.has(run.status) && !stopped) await startRun().catch(() => {})
    }
  })()
  return {
    start: startRun,
    runId: () => current,
    async stop() {
      stopped = true
      await watch
      const response = await api(`/cancel?runId=${current}`, { method: 'POST' }).catch(() => null)
      await response?.body?.cancel()
    },
  }
}

/** Opens a stream, reads until its first event, then aborts the request. Throws on anything else. */
async function connectReadAbort(url, headers, timeoutMs) {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new Error(`no event within ${timeoutMs} ms`)), timeoutMs)
  try {
    const response = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: controller.signal })
    if (response.status !== 200) throw new Error(`${url}: ${response.status}`)
    for await (const _message of sseMessages(response)) return
    throw new Error(`${url}: ended before its first event`)
  } finally {
    clearTimeout(timer)
    controller.abort()
  }
}

/** A plain JSON read, for comparison with the streams. */
async function read(url, headers, timeoutMs) {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) })
  await response.arrayBuffer()
  if (response.status !== 200) throw new Error(`${url}: ${response.status}`)
}

/** Runs `count` cycles, `concurrency` at a time, alternating over `kinds`; counts failures. */
async function churn({ count, concurrency, kinds, urlOf, headers, cycleTimeoutMs, deadline, errors }) {
  let next = 0
  let done = 0
  const worker = async () => {
    while (next < count && Date.now() < deadline) {
      const kind = kinds[next++ % kinds.length]
      try {
        if (kind === 'read') await read(urlOf(kind), headers, cycleTimeoutMs)
        else await connectReadAbort(urlOf(kind), headers, cycleTimeoutMs)
      } catch (error) {
        errors.push(`${kind}: ${error instanceof Error ? error.message : String(error)}`)
      }
      done++
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker))
  return done
}

/** Samples memory every second for up to `settleMs`, stopping once it is within `tolerance` of `before`. */
async function settle(memory, before, settleMs, tolerance) {
  const deadline = Date.now() + settleMs
  let value = await memory()
  while (Date.now() < deadline && value > before * (1 + tolerance)) {
    await sleep(Math.min(1_000, Math.max(0, deadline - Date.now())))
    value = await memory()
  }
  return value
}

export async function sseChurn({
  baseUrl,
  cycles = 2_000,
  concurrency = 8,
  memory,
  kinds = ['feed', 'run'],
  warmup = Math.min(500, Math.max(50, Math.round(cycles / 10))),
  settleMs = 15_000,
  settleTolerance = 0.1,
  cycleTimeoutMs = 10_000,
  timeLimitMs = 10 * 60_000,
  feedQuery = '',
  progressRun = PROGRESS_ONLY,
  headers = {},
  apiPath = '/api/durably',
  log = () => {},
}) {
  if (!baseUrl) throw new Error('sseChurn needs baseUrl')
  if (typeof memory !== 'function') throw new Error('sseChurn needs a memory() callback')
  const base = `${baseUrl.replace(/\/+$/, '')}${apiPath}`
  const api = (path, init = {}) => fetch(`${base}${path}`, { ...init, headers: { ...headers, ...init.headers } })
  const keeper = keepRunProgressing(api, progressRun)
  await keeper.start()
  const urlOf = (kind) => (kind === 'feed' ? `${base}/runs/subscribe${feedQuery}` : `${base}/${kind === 'run' ? 'subscribe' : 'run'}?runId=${keeper.runId()}`)
  const deadline = Date.now() + timeLimitMs
  const options = { concurrency, kinds, urlOf, headers, cycleTimeoutMs, deadline }
  const started = Date.now()
  try {
    const warmupErrors = []
    await churn({ ...options, count: warmup, errors: warmupErrors })
    await sleep(1_000)
    const before = await memory()
    log(`warm-up: ${warmup} cycles, ${warmupErrors.length} errors; before ${mib(before)}`)
    const errors = []
    const churnStarted = Date.now()
    const ran = await churn({ ...options, count: cycles, errors })
    const after = await memory()
    log(`churn: ${ran} cycles in ${Date.now() - churnStarted} ms, ${errors.length} errors; after ${mib(after)}`)
    const afterSettle = await settle(memory, before, settleMs, settleTolerance)
    log(`settled: ${mib(afterSettle)} (${Math.round((afterSettle / before - 1) * 1000) / 10}% of before)`)
    return {
      before,
      after,
      afterSettle,
      cycles: ran,
      errors: errors.length,
      errorSamples: [...new Set(errors)].slice(0, 5),
      warmupErrors: warmupErrors.length,
      durationMs: Date.now() - started,
    }
  } finally {
    await keeper.stop()
  }
}

function mib(bytes) {
  return `${Math.round(bytes / 1024 / 1024)} MiB`
}
