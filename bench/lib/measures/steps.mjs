// Figure 2: steps per second of one run of N no-op steps, from trigger to run:complete over SSE.
import { round } from '../stats.mjs'

export async function measureStepsPerSecond(client, { steps, timeoutMs }) {
  const started = performance.now()
  const { runId } = await client.trigger('bench-noop', { steps })
  const terminal = await client.waitForTerminal(runId, timeoutMs)
  const seconds = (performance.now() - started) / 1000
  if (terminal && terminal.type !== 'run:complete') throw new Error(`${steps}-step run ended with ${terminal.type}`)
  return { steps, seconds: round(seconds, 3), stepsPerSecond: round(steps / seconds, 0) }
}
