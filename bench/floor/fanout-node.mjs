// Fan-out floor on Node: the least a server can do for the fan-out figure (one prepared chunk written to every socket).
// Speaks just enough of the protocol for the bench's fan-out measure. Usage: node fanout-node.mjs --port=8820
import http from 'node:http'
import { progressChunk, readJson, terminalChunk } from './fanout-protocol.mjs'

const port = Number(process.argv.find((arg) => arg.startsWith('--port='))?.slice('--port='.length) ?? 8820)
/** Subscribed responses per run id. */
const runs = new Map()
let lastId = 0

/** At `startAt`, writes `emits` progress events `gapMs` apart to every subscriber of the run, then ends their streams. */
function schedule(runId, { startAt, emits, gapMs }) {
  const emit = (index) => {
    const subscribers = runs.get(runId) ?? new Set()
    const chunk = progressChunk(runId, index, emits) + (index === emits ? terminalChunk(runId) : '')
    for (const response of subscribers) response.write(chunk)
    if (index < emits) return setTimeout(() => emit(index + 1), gapMs)
    for (const response of subscribers) response.end()
    runs.delete(runId)
  }
  setTimeout(() => emit(1), Math.max(0, Math.min(startAt - Date.now(), 60_000)))
}

const server = http.createServer(async (request, response) => {
  const url = new URL(request.url ?? '/', 'http://floor')
  if (request.method === 'POST' && url.pathname === '/api/durably/trigger') {
    const body = await readJson(request)
    const runId = `floor-${++lastId}`
    runs.set(runId, new Set())
    schedule(runId, body.input)
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ runId, disposition: 'created' }))
    return
  }
  if (url.pathname === '/api/durably/subscribe') {
    const subscribers = runs.get(url.searchParams.get('runId') ?? '')
    if (!subscribers) return response.writeHead(404).end()
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
    response.write(': stream start\n\n')
    subscribers.add(response)
    request.on('close', () => subscribers.delete(response))
    return
  }
  response.writeHead(200, { 'content-type': 'application/json' }).end('{"runs":[]}')
})
server.listen(port, '127.0.0.1', () => console.log(JSON.stringify({ ready: true, port })))
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0))
