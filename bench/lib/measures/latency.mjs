// Figure 1: trigger → run:complete latency of a one-step run as an HTTP + SSE client sees it.
import { percentile, round, sleep } from '../stats.mjs'

/**
 * Triggers `runs` one-step runs one after another (bounded by `budgetMs`), each followed by a subscribe that
 * waits for the terminal event; between runs waits a random 50–500 ms when `gaps` is set. With `stream`, one request
 * does both (Stepflare's `POST /trigger` with `Accept: text/event-stream`).
 */
export async function measureLatency(client, { runs, budgetMs, gaps, stream = false }) {
  const samples = []
  const deadline = Date.now() + budgetMs
  let failures = 0
  for (let i = 0; i < runs && Date.now() < deadline; i++) {
    if (gaps) await sleep(50 + Math.random() * 450)
    const started = performance.now()
    try {
      const terminal = stream
        ? await client.triggerAndFollow('bench-noop', { steps: 1 }, 15_000)
        : await client.waitForTerminal((await client.trigger('bench-noop', { steps: 1 })).runId, 15_000)
      if (terminal && terminal.type !== 'run:complete') throw new Error(`run ended with ${terminal.type}`)
      samples.push(performance.now() - started)
    } catch (error) {
      failures++
      if (failures > 5) throw error
    }
  }
  return {
    runs: samples.length,
    failures,
    p50Ms: round(percentile(samples, 50)),
    p95Ms: round(percentile(samples, 95)),
    maxMs: round(Math.max(...samples)),
  }
}
