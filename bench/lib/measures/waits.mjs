// Stepflare only: durable waits and events as a client sees them. How soon a signal resumes a waiting run (signal sent →
// `run:leased` on the run's stream), how long one event takes to resolve many waits and to see every woken run finish,
// and what one event for one key of many distinct keys costs.
import { sseEvents } from '../../../test/support/sse.mjs'
import { percentile, round, sleep } from '../stats.mjs'

/** Runs that wait this long at most: a run the bench failed to answer ends by itself, never lingers. */
const WAIT_TIMEOUT_MS = 600_000
/** Longest time for one signal's `run:leased`. */
const PER_SIGNAL_TIMEOUT_MS = 10_000
/** Time after every run waits before the measured request, so the writes of their suspension have drained. */
const SETTLE_MS = 1_000

/**
 * Triggers `runs` runs that wait for a signal, then one by one: opens the run's stream, sends its signal, and times from
 * the signal's request start to the `run:leased` that follows (client clock). Also the signal request's own answer time.
 */
export async function measureSignalResume(client, { runs, timeoutMs }) {
  const deadline = Date.now() + timeoutMs
  const set = newSetId('signal')
  const ids = await client.triggerBatch(
    Array.from({ length: runs }, () => ({ jobName: 'bench-signal', input: { timeoutMs: WAIT_TIMEOUT_MS }, labels: { 'bench-set': set } })),
  )
  const polls = { failed: 0 }
  await untilCount(client, `label.bench-set=${set}&status=waiting`, runs, deadline, polls)
  await sleep(SETTLE_MS)
  const resumed = []
  const answered = []
  for (const [i, runId] of ids.entries()) {
    if (Date.now() > deadline) throw new Error(`signal resume: ${i} of ${runs} runs measured within ${timeoutMs} ms`)
    const [wait] = await client.getWaits(runId)
    if (!wait || wait.status !== 'pending') throw new Error(`run ${runId}: no pending wait (${JSON.stringify(wait)})`)
    const timing = await signalAndFollow(client, runId, wait.id, `bench-${set}-${i}`)
    resumed.push(timing.resumedMs)
    answered.push(timing.answeredMs)
  }
  return {
    runs,
    p50Ms: round(percentile(resumed, 50)),
    p99Ms: round(percentile(resumed, 99)),
    maxMs: round(Math.max(...resumed)),
    signalAnswerP50Ms: round(percentile(answered, 50)),
    failedPolls: polls.failed,
  }
}

/** Opens the run's stream, sends the signal once the stream is open, and waits for the live `run:leased`. */
async function signalAndFollow(client, runId, waitId, signalId) {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new Error(`run ${runId}: no run:leased within ${PER_SIGNAL_TIMEOUT_MS} ms`)), PER_SIGNAL_TIMEOUT_MS)
  try {
    const response = await client.openRunStream(runId, controller.signal)
    if (!response) throw new Error(`run ${runId}: no stream (204)`)
    const events = sseEvents(response)[Symbol.asyncIterator]()
    const first = await events.next()
    if (first.done || first.value.data.type !== 'run:snapshot') throw new Error(`run ${runId}: stream did not open with its snapshot`)
    if (first.value.data.run.status !== 'waiting') throw new Error(`run ${runId} is ${first.value.data.run.status}, not waiting`)
    const snapshotId = Number(first.value.id)
    const started = performance.now()
    let answeredMs = null
    const sent = client.signal(runId, waitId, signalId, { go: true }).then((receipt) => {
      answeredMs = performance.now() - started
      return receipt
    })
    sent.catch(() => {}) // awaited below; a failure must not go unhandled while the stream is read
    for (let next = await events.next(); !next.done; next = await events.next()) {
      const { id, data } = next.value
      if (data.type !== 'run:leased' || !(Number(id) > snapshotId)) continue
      const resumedMs = performance.now() - started
      const receipt = await sent
      if (receipt.disposition !== 'accepted') throw new Error(`run ${runId}: signal ${receipt.disposition}`)
      return { resumedMs, answeredMs }
    }
    await sent
    throw new Error(`run ${runId}: stream ended before run:leased`)
  } finally {
    clearTimeout(timer)
    controller.abort()
  }
}

/**
 * Triggers `runs` runs (batch trigger) that each wait for the event `bench.paid` of one batch, then sends that event
 * once: the time to its answer (every wait resolved: `woken` lists all runs), and to the last run's completion (its
 * `completedAt`, server and client sharing this machine's clock; polling `GET /runs` only tells when to look).
 */
export async function measureEventFanIn(client, { runs, timeoutMs }) {
  const deadline = Date.now() + timeoutMs
  const set = newSetId('batch')
  const polls = { failed: 0 }
  await triggerEventRuns(client, set, Array.from({ length: runs }, () => ({ batch: set })))
  await untilCount(client, `label.bench-set=${set}&status=waiting`, runs, deadline, polls)
  await sleep(SETTLE_MS)
  const sentAt = Date.now()
  const started = performance.now()
  const sent = await client.sendEvent('bench.paid', { batch: set })
  const answerMs = performance.now() - started
  if (sent.woken.length !== runs) throw new Error(`one event woke ${sent.woken.length} of ${runs} waits (matched ${sent.matched})`)
  await untilCount(client, `label.bench-set=${set}&status=completed`, runs, deadline, polls, 25)
  const seenCompletedMs = performance.now() - started
  const lastCompletedAt = Math.max(...(await listAll(client, `label.bench-set=${set}`, runs)).map((run) => Date.parse(run.completedAt)))
  return {
    waits: runs,
    woken: sent.woken.length,
    answerMs: round(answerMs),
    allCompletedMs: round(lastCompletedAt - sentAt),
    seenCompletedMs: round(seenCompletedMs),
    failedPolls: polls.failed,
  }
}

/**
 * Triggers `runs` runs waiting for `bench.paid` with distinct keys, then sends `events` events, each for one key: the
 * time to each answer (every answer must wake exactly its key's run). The runs left waiting are cancelled after.
 */
export async function measureEventOneOfMany(client, { runs, events, timeoutMs }) {
  const deadline = Date.now() + timeoutMs
  const set = newSetId('keys')
  const polls = { failed: 0 }
  const ids = await triggerEventRuns(client, set, Array.from({ length: runs }, (_, i) => ({ key: `${set}:${i}` })))
  await untilCount(client, `label.bench-set=${set}&status=waiting`, runs, deadline, polls)
  await sleep(SETTLE_MS)
  const answers = []
  let notCancelled = null
  const picked = Array.from({ length: events }, (_, i) => Math.floor(((i + 0.5) * runs) / events))
  try {
    for (const index of picked) {
      const started = performance.now()
      const sent = await client.sendEvent('bench.paid', { key: `${set}:${index}` })
      answers.push(performance.now() - started)
      if (sent.woken.length !== 1 || sent.woken[0] !== ids[index]) {
        throw new Error(`the event for key ${index} woke ${JSON.stringify(sent.woken)} (matched ${sent.matched}), not run ${ids[index]}`)
      }
    }
  } finally {
    const woken = new Set(picked.map((index) => ids[index]))
    notCancelled = await cancelAll(client, ids.filter((id) => !woken.has(id)), Date.now() + 60_000)
  }
  return { waits: runs, events, p50Ms: round(percentile(answers, 50)), maxMs: round(Math.max(...answers)), failedPolls: polls.failed, notCancelled }
}

async function triggerEventRuns(client, set, matches) {
  const ids = []
  for (let from = 0; from < matches.length; from += 1_000) {
    const batch = matches.slice(from, from + 1_000).map((match) => ({
      jobName: 'bench-event',
      input: { match, timeoutMs: WAIT_TIMEOUT_MS },
      labels: { 'bench-set': set },
    }))
    ids.push(...(await client.triggerBatch(batch)))
  }
  return ids
}

/**
 * Polls `GET /runs?<query>` until it counts `expected` runs; throws at `deadline`. While a thousand runs start or
 * resume, a poll can wait seconds for the server and its connection can close unanswered: such a poll is counted in
 * `polls.failed` and tried again.
 */
async function untilCount(client, query, expected, deadline, polls, everyMs = 100) {
  for (;;) {
    const count = await client.countRuns(query).catch(() => {
      polls.failed++
      return null
    })
    if (count === expected) return
    if (Date.now() > deadline) throw new Error(`${count} of ${expected} runs for ${query} before the deadline`)
    await sleep(everyMs)
  }
}

/** Every run `GET /runs?<query>` lists, in pages of 250 (at most `expected`). */
async function listAll(client, query, expected) {
  const all = []
  while (all.length < expected) {
    const page = await client.listRuns(`${query}&limit=250&offset=${all.length}`)
    all.push(...page)
    if (page.length < 250) break
  }
  return all
}

/**
 * Cancels runs, 20 at a time, until `deadline`; a cancel that fails is tried again in the next of at most 3 rounds
 * (under `wrangler dev` a few of them answer 503 "Your worker restarted mid-request"). Resolves with those left.
 */
async function cancelAll(client, ids, deadline) {
  let left = ids
  for (let round = 0; round < 3 && left.length > 0; round++) {
    const failed = []
    for (let from = 0; from < left.length && Date.now() < deadline; from += 20) {
      const slice = left.slice(from, from + 20)
      await Promise.all(slice.map((id) => client.cancel(id).catch(() => failed.push(id))))
    }
    left = failed
  }
  return left.length
}

function newSetId(kind) {
  return `${kind}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
}
