// Bursts of concurrent reads and keyed triggers (some abandoned by their clients mid-way), every answer checked.
import { countStatuses, json, pool, postJson, request, sleep } from './lib/http.mjs'

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

function summary(answers, wallMs) {
  const ms = answers.filter((answer) => answer.status !== 0).map((answer) => answer.ms)
  return { requests: answers.length, statuses: countStatuses(answers), p50Ms: Math.round(percentile(ms, 50)), p99Ms: Math.round(percentile(ms, 99)), wallMs: Math.round(wallMs) }
}

async function timed(tasks, inFlight) {
  const started = performance.now()
  const answers = await pool(tasks, inFlight)
  return { answers, wallMs: performance.now() - started }
}

const importInput = (rows) => ({
  filename: 'soak.csv',
  rows: Array.from({ length: rows }, (_, i) => ({ name: `Person ${i}`, email: `p${i}@example.com` })),
})

/** Polls until `count` runs labelled `soak=<tag>` are completed in D1 (bounded). */
async function waitForCompleted(api, tag, count, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const answer = await request(api(`/runs?limit=1&status=completed&label.soak=${tag}`))
    if (Number(answer.headers?.get('x-total-count')) >= count) return true
    await sleep(200)
  }
  return false
}

/**
 * Runs the bursts against `baseUrl` and returns `{ checks: [{ name, ok, detail }], figures }`.
 * Sizes: `reads` reads per burst, `triggers` keyed triggers over `keys` idempotency keys, `inFlight` at once; then
 * `runs` plain runs triggered `runsInFlight` at a time, each of which must complete.
 */
export async function burstChecks({ baseUrl, reads = 1000, triggers = 1000, keys = 100, inFlight = 100, runs = 3000, runsInFlight = 200, tag = `b${Date.now().toString(36)}` }) {
  const api = (path) => `${baseUrl}/api/durably${path}`
  const checks = []
  const figures = {}
  const check = (name, ok, detail = '') => checks.push({ name, ok: Boolean(ok), detail })

  // Runs to read: 20, finished, labelled with this burst's tag.
  const seeded = await pool(Array.from({ length: 20 }, () => () => postJson(api('/trigger'), { jobName: 'import-csv', input: importInput(2), labels: { soak: tag } })), 20)
  const seededIds = seeded.map((answer) => json(answer)?.runId).filter(Boolean)
  check('20 runs seeded', seededIds.length === 20, JSON.stringify(countStatuses(seeded)))
  check('seeded runs completed', await waitForCompleted(api, tag, 20))

  for (const round of [1, 2]) {
    const { answers, wallMs } = await timed(Array.from({ length: reads }, () => () => request(api('/runs?limit=20'))), inFlight)
    figures[`reads${round}`] = summary(answers, wallMs)
    const bad = answers.filter((answer) => answer.status !== 200 || !Array.isArray(json(answer)) || json(answer).length !== 20)
    check(`read burst ${round}: ${reads} × GET /runs?limit=20 at ${inFlight} in flight, every answer 200 with 20 runs`, bad.length === 0, `${bad.length} bad: ${JSON.stringify(countStatuses(bad))} ${bad[0]?.text?.slice(0, 120) ?? ''}`)
  }

  // Clients that hang up mid-request: whatever they leave behind must not hold up anyone else.
  const abandoned = await timed(Array.from({ length: reads }, (_, i) => () => request(api(i % 2 ? '/runs?limit=20' : `/steps?runId=${seededIds[i % 20]}`), { abortAfterMs: 5 + ((i * 37) % 400) })), inFlight)
  figures.abandoned = summary(abandoned.answers, abandoned.wallMs)
  const answeredBadly = abandoned.answers.filter((answer) => answer.status !== 0 && answer.status !== 200)
  check(`abandoned burst: ${reads} requests, each aborted 5-400 ms in; every answer that came is 200`, answeredBadly.length === 0, JSON.stringify(countStatuses(abandoned.answers)))

  const keyTag = `${tag}-k`
  const keyed = await timed(
    Array.from({ length: triggers }, (_, i) => () =>
      postJson(api('/trigger'), { jobName: 'import-csv', input: importInput(1), idempotencyKey: `${keyTag}-${i % keys}`, labels: { soak: keyTag } }),
    ),
    inFlight,
  )
  figures.keyedTriggers = summary(keyed.answers, keyed.wallMs)
  const byKey = new Map()
  let created = 0
  const badTriggers = []
  keyed.answers.forEach((answer, i) => {
    const body = json(answer)
    if (answer.status !== 200 || !body?.runId || !['created', 'idempotent'].includes(body.disposition)) return badTriggers.push(answer)
    if (body.disposition === 'created') created++
    const key = i % keys
    byKey.set(key, new Set([...(byKey.get(key) ?? []), body.runId]))
  })
  check(`keyed burst: ${triggers} triggers over ${keys} idempotency keys, every answer 200`, badTriggers.length === 0, `${badTriggers.length} bad: ${JSON.stringify(countStatuses(badTriggers))} ${badTriggers[0]?.text?.slice(0, 120) ?? ''}`)
  check('every key answered with one run id, and exactly one run created per key', [...byKey.values()].every((ids) => ids.size === 1) && byKey.size === keys && created === keys, `${byKey.size} keys, ${created} created`)
  check(`all ${keys} keyed runs complete`, await waitForCompleted(api, keyTag, keys))

  const coalesced = await pool(
    Array.from({ length: Math.max(20, triggers / 5) }, (_, i) => () =>
      postJson(api('/trigger'), { jobName: 'slow-steps', input: { steps: 1, delayMs: 20 }, concurrencyKey: `${tag}-c${i % 10}`, coalesce: 'skip' }),
    ),
    inFlight,
  )
  const badCoalesced = coalesced.filter((answer) => answer.status !== 200 || !['created', 'coalesced'].includes(json(answer)?.disposition))
  check('concurrency-key burst with coalesce: skip, every answer 200 (created or coalesced)', badCoalesced.length === 0, `${JSON.stringify(countStatuses(coalesced))} ${badCoalesced[0]?.text?.slice(0, 120) ?? ''}`)

  const runsTag = `${tag}-r`
  const plain = await timed(
    Array.from({ length: runs }, () => () => postJson(api('/trigger'), { jobName: 'slow-steps', input: { steps: 3, delayMs: 0 }, labels: { soak: runsTag } })),
    runsInFlight,
  )
  figures.runs = summary(plain.answers, plain.wallMs)
  const badRuns = plain.answers.filter((answer) => answer.status !== 200)
  check(`${runs} three-step runs triggered ${runsInFlight} at a time, every answer 200`, badRuns.length === 0, `${JSON.stringify(countStatuses(plain.answers))} ${badRuns[0]?.text?.slice(0, 120) ?? ''}`)
  check(`all ${runs} runs complete`, await waitForCompleted(api, runsTag, runs, 180_000))

  // After all that, the endpoints that read D1 answer at once.
  const runId = seededIds[0]
  const after = await Promise.all([
    request(api('/runs?limit=20'), { timeoutMs: 5000 }),
    request(api(`/steps?runId=${runId}`), { timeoutMs: 5000 }),
    request(api(`/logs?runId=${runId}`), { timeoutMs: 5000 }),
    postJson(api('/trigger'), { jobName: 'import-csv', input: importInput(1), idempotencyKey: `${tag}-after` }, { timeoutMs: 5000 }),
    request(api(`/cancel?runId=${runId}`), { method: 'POST', timeoutMs: 5000 }),
  ])
  const expected = [200, 200, 200, 200, 409]
  check('afterwards: /runs, /steps, /logs, a keyed trigger and a cancel of a finished run answer within 5 s', after.every((answer, i) => answer.status === expected[i]), after.map((answer) => answer.status).join(' '))
  return { checks, figures }
}
