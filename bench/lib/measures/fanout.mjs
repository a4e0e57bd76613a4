// Figure 4: SSE fan-out — N subscribers on one run; delay from step.progress (time in its message) to each delivery.
import { isTerminalEvent } from '../durably-client.mjs'
import { readSseEvents } from '../sse-reader.mjs'
import { percentile, round, sleep } from '../stats.mjs'

/**
 * Triggers a bench-fanout run that starts emitting at a set time, opens `subscribers` streams on it before then,
 * and collects (receive time − emit time) of every progress event at every subscriber.
 */
export async function measureFanout(client, { subscribers, emits, gapMs, leadMs, timeoutMs }) {
  const startAt = Date.now() + leadMs
  const { runId } = await client.trigger('bench-fanout', { startAt, emits, gapMs })
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), leadMs + timeoutMs)
  const delays = []
  let opened = 0
  let openFailures = 0
  let completed = 0
  const follow = async () => {
    try {
      const response = await client.subscribe(runId, controller.signal)
      opened++
      if (!response) return
      for await (const { event } of readSseEvents(response)) {
        const received = Date.now()
        if (event.type === 'run:progress') recordDelay(event, received, delays)
        if (isTerminalEvent(event)) {
          completed++
          return
        }
      }
    } catch {
      if (!controller.signal.aborted) openFailures++
    }
  }
  const openingStarted = Date.now()
  const followers = []
  for (let i = 0; i < subscribers; i++) {
    followers.push(follow())
    if (i % 100 === 99) await sleep(1)
  }
  while (opened + openFailures < subscribers && Date.now() < startAt) await sleep(5)
  const openMs = Date.now() - openingStarted
  await Promise.all(followers)
  clearTimeout(timer)
  controller.abort()
  return {
    subscribers,
    openedBeforeStart: opened,
    openMs,
    openFailures,
    completed,
    deliveries: delays.length,
    expected: subscribers * emits,
    p50Ms: round(percentile(delays, 50)),
    p99Ms: round(percentile(delays, 99)),
    maxMs: round(Math.max(...delays)),
  }
}

function recordDelay(event, received, delays) {
  const emitted = Number(event.progress?.message)
  if (Number.isFinite(emitted) && emitted > 1e12) delays.push(received - emitted)
}
