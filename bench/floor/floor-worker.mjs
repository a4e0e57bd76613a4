// Floor server on workerd: a Worker and 16 Durable Objects relaying run streams over RPC as Stepflare's shards do,
// with nothing else (no journal, no storage, no throttle, no D1). A run completes as it is triggered; its terminal
// event goes to the runs feed, one more object.
import { DurableObject } from 'cloudflare:workers'
import { FLOOR_SHARDS, STREAM_START, newFloorRunId, progressChunk, terminalChunk } from './protocol.mjs'

const encoder = new TextEncoder()
const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }
let counter = 0

export class FloorShard extends DurableObject {
  /** Per run: whether it ended, and the writers of its open streams. */
  runs = new Map()

  start(runId, jobName, input) {
    const fanout = jobName === 'bench-fanout'
    this.runs.set(runId, { ended: !fanout, writers: new Set() })
    if (!fanout) return
    const { startAt, emits, gapMs } = input
    setTimeout(() => this.emit(runId, 1, emits, gapMs), Math.max(0, Math.min(startAt - Date.now(), 60_000)))
  }

  open(runId) {
    const run = this.runs.get(runId)
    if (!run) return new Response(null, { status: 404 })
    const { readable, writable } = new IdentityTransformStream()
    const writer = writable.getWriter()
    writer.write(encoder.encode(STREAM_START + (run.ended ? terminalChunk(runId) : ''))).catch(() => {})
    if (run.ended) writer.close().catch(() => {})
    else run.writers.add(writer)
    return new Response(readable, { headers: SSE_HEADERS })
  }

  /** The runs feed (on the object named `feed`): every run's terminal event. */
  openFeed() {
    const { readable, writable } = new IdentityTransformStream()
    const writer = writable.getWriter()
    writer.write(encoder.encode(STREAM_START)).catch(() => {})
    this.feed ??= new Set()
    this.feed.add(writer)
    return new Response(readable, { headers: SSE_HEADERS })
  }

  publish(runId) {
    const bytes = encoder.encode(terminalChunk(runId))
    for (const writer of this.feed ?? []) writer.write(bytes).catch(() => this.feed.delete(writer))
  }

  emit(runId, index, emits, gapMs) {
    const run = this.runs.get(runId)
    const bytes = encoder.encode(progressChunk(runId, index, emits) + (index === emits ? terminalChunk(runId) : ''))
    for (const writer of run.writers) writer.write(bytes).catch(() => run.writers.delete(writer))
    if (index < emits) return setTimeout(() => this.emit(runId, index + 1, emits, gapMs), gapMs)
    run.ended = true
    for (const writer of run.writers) writer.close().catch(() => {})
    run.writers.clear()
  }
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url)
    const feed = env.FLOOR_SHARD.get(env.FLOOR_SHARD.idFromName('feed'))
    const shardOf = (runId) => env.FLOOR_SHARD.get(env.FLOOR_SHARD.idFromName(`shard-${Number(runId.split('-').pop()) % FLOOR_SHARDS}`))
    if (request.method === 'POST' && url.pathname === '/api/durably/trigger') {
      const body = await request.json()
      const runId = newFloorRunId(++counter)
      const shard = shardOf(runId)
      await shard.start(runId, body.jobName, body.input)
      if (body.jobName !== 'bench-fanout') ctx.waitUntil(feed.publish(runId))
      if (!request.headers.get('accept')?.includes('text/event-stream')) return Response.json({ runId, disposition: 'created' })
      const stream = await shard.open(runId)
      return new Response(stream.body, { status: stream.status, headers: stream.headers })
    }
    if (url.pathname === '/api/durably/subscribe') {
      const stream = await shardOf(url.searchParams.get('runId') ?? '').open(url.searchParams.get('runId') ?? '')
      return new Response(stream.body, { status: stream.status, headers: stream.headers })
    }
    if (url.pathname === '/api/durably/runs/subscribe') {
      const stream = await feed.openFeed()
      return new Response(stream.body, { headers: stream.headers })
    }
    return Response.json({ runs: [] })
  },
}
