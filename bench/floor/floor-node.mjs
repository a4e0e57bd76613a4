// Floor server on Node: the least a server can do for the bench's latency, burst and fan-out figures (no engine, no
// storage): a run completes as it is triggered, and an event is one prepared chunk written to every subscriber's socket.
// Usage: node floor-node.mjs --port=8820
import http from 'node:http'
import { STREAM_START, newFloorRunId, progressChunk, terminalChunk } from './protocol.mjs'

const port = Number(process.argv.find((arg) => arg.startsWith('--port='))?.slice('--port='.length) ?? 8820)
/** Per run: whether it ended, and its open streams. */
const runs = new Map()
/** Open streams of the runs feed: each run's terminal event is written to all of them. */
const feed = new Set()
let counter = 0

/** At `startAt`, writes `emits` progress events `gapMs` apart to every subscriber of the run, then ends their streams. */
function scheduleFanout(runId, { startAt, emits, gapMs }) {
  const run = runs.get(runId)
  const emit = (index) => {
    const chunk = progressChunk(runId, index, emits) + (index === emits ? terminalChunk(runId) : '')
    for (const response of run.streams) response.write(chunk)
    if (index < emits) return setTimeout(() => emit(index + 1), gapMs)
    run.ended = true
    for (const response of run.streams) response.end()
    run.streams.clear()
  }
  setTimeout(() => emit(1), Math.max(0, Math.min(startAt - Date.now(), 60_000)))
}

function openStream(response, runId) {
  const run = runs.get(runId)
  if (!run) return response.writeHead(404).end()
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
  if (run.ended) return response.end(STREAM_START + terminalChunk(runId))
  response.write(STREAM_START)
  run.streams.add(response)
  response.on('close', () => run.streams.delete(response))
}

async function trigger(request, response) {
  let text = ''
  for await (const chunk of request) text += chunk
  const body = JSON.parse(text || '{}')
  const runId = newFloorRunId(++counter)
  const fanout = body.jobName === 'bench-fanout'
  runs.set(runId, { ended: !fanout, streams: new Set() })
  if (fanout) scheduleFanout(runId, body.input)
  else for (const stream of feed) stream.write(terminalChunk(runId))
  if (request.headers.accept?.includes('text/event-stream')) return openStream(response, runId)
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ runId, disposition: 'created' }))
}

const server = http.createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://floor')
  if (request.method === 'POST' && url.pathname === '/api/durably/trigger') return void trigger(request, response)
  if (url.pathname === '/api/durably/subscribe') return openStream(response, url.searchParams.get('runId') ?? '')
  if (url.pathname === '/api/durably/runs/subscribe') {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }).write(STREAM_START)
    feed.add(response)
    return void response.on('close', () => feed.delete(response))
  }
  response.writeHead(200, { 'content-type': 'application/json' }).end('{"runs":[]}')
})
server.listen(port, '127.0.0.1', () => console.log(JSON.stringify({ ready: true, port })))
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0))
