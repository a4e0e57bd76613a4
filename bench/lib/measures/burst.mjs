// Figure 3: runs per second for a burst of 3-step runs triggered at once (bounded in-flight triggers).
import { isTerminalEvent } from '../durably-client.mjs'
import { sseEvents } from '../../../test/support/sse.mjs'
import { round, sleep } from '../stats.mjs'

/**
 * Triggers `runs` runs with at most `inFlight` trigger requests open (each for `batch` runs through Stepflare's
 * `POST /trigger/batch` when `batch` > 0); times until every run is terminal.
 */
export async function measureBurst(client, { runs, inFlight, timeoutMs, batch = 0 }) {
  const feed = await followFeed(client)
  const started = performance.now()
  const deadline = Date.now() + timeoutMs
  const runIds = []
  let next = 0
  const triggerWorker = async () => {
    while (next < runs && Date.now() < deadline) {
      if (batch > 0) {
        const size = Math.min(batch, runs - next)
        next += size
        runIds.push(...(await client.triggerBatch(Array.from({ length: size }, () => ({ jobName: 'bench-noop', input: { steps: 3 } })))))
        continue
      }
      next++
      const { runId } = await client.trigger('bench-noop', { steps: 3 })
      runIds.push(runId)
    }
  }
  try {
    await Promise.all(Array.from({ length: inFlight }, triggerWorker))
    const triggeredSeconds = (performance.now() - started) / 1000
    const pending = await waitUntilAllDone(client, feed, runIds, deadline)
    const finished = Math.max(...runIds.map((id) => feed.done.get(id) ?? performance.now()))
    const seconds = (finished - started) / 1000
    return {
      runs: runIds.length,
      incomplete: pending,
      seconds: round(seconds, 3),
      triggerSeconds: round(triggeredSeconds, 3),
      runsPerSecond: round((runIds.length - pending) / seconds, 0),
    }
  } finally {
    feed.close()
  }
}

/** Subscribes to the runs feed and records which runs reached a terminal event (and when). */
async function followFeed(client) {
  const controller = new AbortController()
  const done = new Map()
  const response = await client.subscribeRuns('jobName=bench-noop', controller.signal)
  const reading = (async () => {
    for await (const { data: event } of sseEvents(response)) {
      if (isTerminalEvent(event)) done.set(event.runId, performance.now())
    }
  })().catch(() => {})
  return { done, close: () => controller.abort(), reading }
}

/** Waits for the feed to report every run; falls back to GET /run for runs the feed has not reported. */
async function waitUntilAllDone(client, feed, runIds, deadline) {
  let quietSince = Date.now()
  let lastSize = -1
  while (Date.now() < deadline) {
    const missing = runIds.filter((id) => !feed.done.has(id))
    if (missing.length === 0) return 0
    if (feed.done.size !== lastSize) {
      lastSize = feed.done.size
      quietSince = Date.now()
    } else if (Date.now() - quietSince > 1_000) {
      await pollMissing(client, feed, missing.slice(0, 200))
      quietSince = Date.now()
    }
    await sleep(5)
  }
  return runIds.filter((id) => !feed.done.has(id)).length
}

async function pollMissing(client, feed, missing) {
  const runs = await Promise.all(missing.map((id) => client.getRun(id).catch(() => null)))
  for (const run of runs) {
    if (run && ['completed', 'failed', 'cancelled'].includes(run.status)) feed.done.set(run.id, performance.now())
  }
}
