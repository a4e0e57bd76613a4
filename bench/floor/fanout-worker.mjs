// Fan-out floor on workerd: a Worker and one Durable Object that writes a prepared chunk to every subscriber's stream
// and relays the streams over RPC, as Stepflare's shards do, with nothing else (no journal, no throttle, no D1).
import { DurableObject } from 'cloudflare:workers'
import { progressChunk, terminalChunk } from './fanout-protocol.mjs'

const encoder = new TextEncoder()

export class FloorRun extends DurableObject {
  writers = new Set()

  start(runId, { startAt, emits, gapMs }) {
    setTimeout(() => this.emit(runId, 1, emits, gapMs), Math.max(0, Math.min(startAt - Date.now(), 60_000)))
  }

  open() {
    const { readable, writable } = new IdentityTransformStream()
    const writer = writable.getWriter()
    writer.write(encoder.encode(': stream start\n\n')).catch(() => {})
    this.writers.add(writer)
    return new Response(readable, { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } })
  }

  emit(runId, index, emits, gapMs) {
    const bytes = encoder.encode(progressChunk(runId, index, emits) + (index === emits ? terminalChunk(runId) : ''))
    for (const writer of this.writers) writer.write(bytes).catch(() => this.writers.delete(writer))
    if (index < emits) return setTimeout(() => this.emit(runId, index + 1, emits, gapMs), gapMs)
    for (const writer of this.writers) writer.close().catch(() => {})
    this.writers.clear()
  }
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url)
    const stubOf = (runId) => env.FLOOR_RUN.get(env.FLOOR_RUN.idFromName(runId))
    if (request.method === 'POST' && url.pathname === '/api/durably/trigger') {
      const body = await request.json()
      const runId = `floor-${crypto.randomUUID()}`
      await stubOf(runId).start(runId, body.input)
      return Response.json({ runId, disposition: 'created' })
    }
    if (url.pathname === '/api/durably/subscribe') {
      const stream = await stubOf(url.searchParams.get('runId') ?? '').open()
      return new Response(stream.body, { headers: stream.headers })
    }
    return Response.json({ runs: [] })
  },
}
