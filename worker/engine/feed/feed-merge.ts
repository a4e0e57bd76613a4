// Merges several SSE streams (one per feed shard) into one, writing only whole event blocks; releases their leases.
import { SSE_HEADERS } from '../protocol/sse'
import { createLineEndNormalizer } from '../protocol/sse-parse'
import { holdLease, release, type Releasable } from '../stream/stream-hold'

/** A stream as a Durable Object answers it over RPC: the response and the lease that keeps its subscriber. */
export interface HeldStream {
  response: Response
  lease: Releasable | null
}

export function mergeEventStreams(streams: HeldStream[]): Response {
  if (streams.length === 1 && streams[0]) return holdLease(streams[0].response, streams[0].lease)
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>()
  const writer = writable.getWriter()
  const encoder = new TextEncoder()
  const readers = streams.map((stream) => stream.response.body?.getReader())
  let open = readers.length
  const pump = async (reader: ReadableStreamDefaultReader<Uint8Array> | undefined, lease: Releasable | null) => {
    const decoder = new TextDecoder()
    // With LF line ends only, every "\n\n" is a blank line: the end of an event or of a comment.
    const normalize = createLineEndNormalizer()
    let buffer = ''
    try {
      for (;;) {
        if (!reader) break
        const { done, value } = await reader.read()
        if (done) break
        buffer += normalize(decoder.decode(value, { stream: true }))
        const end = buffer.lastIndexOf('\n\n')
        if (end === -1) continue
        await writer.write(encoder.encode(buffer.slice(0, end + 2)))
        buffer = buffer.slice(end + 2)
      }
    } catch {
      // A closed client cancels every source.
    } finally {
      release(lease)
      if (--open === 0) writer.close().catch(() => {})
    }
  }
  writer.closed.catch(() => {
    // The client left: every feed object lets go of its subscriber now, not at its next write.
    for (const stream of streams) release(stream.lease)
    for (const reader of readers) reader?.cancel().catch(() => {})
  })
  streams.forEach((stream, index) => void pump(readers[index], stream.lease))
  return new Response(readable, { headers: SSE_HEADERS })
}
