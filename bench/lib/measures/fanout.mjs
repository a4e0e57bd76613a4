// Figure 4: SSE fan-out — N subscribers on one run; delay from step.progress (time in its message) to each delivery.
import http from 'node:http'
import { createSseReader } from '../../../test/support/sse.mjs'
import { isTerminalEvent } from '../durably-client.mjs'
import { percentile, round, sleep } from '../stats.mjs'

/**
 * Triggers a bench-fanout run that starts emitting at a set time, opens `subscribers` streams on it before then,
 * and collects (receive time − emit time) of every progress event at every subscriber.
 *
 * One Node process reads all the streams, so its own work delays what it reads next. To keep that share small and
 * the same for every server: streams are read from plain sockets (no web-stream layers), each chunk is timestamped
 * as it arrives, before it is parsed, and streams are torn down only after the last one ended, not while others
 * still have deliveries in flight.
 */
export async function measureFanout(client, { subscribers, emits, gapMs, leadMs, timeoutMs }) {
  const startAt = Date.now() + leadMs
  const { runId } = await client.trigger('bench-fanout', { startAt, emits, gapMs })
  const agent = new http.Agent({ keepAlive: false, maxSockets: subscribers + 10 })
  const url = `${client.base}/subscribe?runId=${encodeURIComponent(runId)}`
  const delays = []
  const requests = []
  let opened = 0
  let openFailures = 0
  let completed = 0
  const follow = () =>
    new Promise((resolve) => {
      const request = http.get(url, { agent, headers: { accept: 'text/event-stream' } }, (response) => {
        if (response.statusCode !== 200) {
          openFailures++
          response.resume()
          return resolve()
        }
        opened++
        readEvents(response, (event, received) => {
          if (event.type === 'run:progress') recordDelay(event, received, delays)
          if (isTerminalEvent(event)) {
            completed++
            resolve()
          }
        })
        response.on('close', resolve)
      })
      request.on('error', () => {
        openFailures++
        resolve()
      })
      requests.push(request)
    })
  const openingStarted = Date.now()
  const followers = []
  for (let i = 0; i < subscribers; i++) {
    followers.push(follow())
    if (i % 100 === 99) await sleep(1)
  }
  while (opened + openFailures < subscribers && Date.now() < startAt) await sleep(5)
  const openMs = Date.now() - openingStarted
  let timer
  await Promise.race([Promise.all(followers), new Promise((resolve) => (timer = setTimeout(resolve, leadMs + timeoutMs)))])
  clearTimeout(timer)
  for (const request of requests) request.destroy()
  agent.destroy()
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

/** Calls `onEvent(event, receivedAt)` for each SSE message of `response` (data as JSON); receivedAt is the chunk's arrival. */
function readEvents(response, onEvent) {
  let received = 0
  const reader = createSseReader({ onMessage: (message) => onEvent(JSON.parse(message.data), received) })
  response.setEncoding('utf8')
  response.on('data', (text) => {
    received = Date.now()
    reader.feed(text)
  })
}

function recordDelay(event, received, delays) {
  const emitted = Number(event.progress?.message)
  if (Number.isFinite(emitted) && emitted > 1e12) delays.push(received - emitted)
}
