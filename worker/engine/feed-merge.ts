// Merges several SSE streams (one per feed shard) into one, writing only whole event blocks.
import { SSE_HEADERS } from './sse'

export function mergeEventStreams(responses: Response[]): Response {
  if (responses.length === 1 && responses[0]) return responses[0]
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>()
  const writer = writable.getWriter()
  const encoder = new TextEncoder()
  const readers = responses.map((response) => response.body?.getReader())
  let open = readers.length
  const pump = async (reader: ReadableStreamDefaultReader<Uint8Array> | undefined) => {
    if (!reader) return
    const decoder = new TextDecoder()
    let buffer = ''
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        buffer += decoder.decode(value, { stream: true })
        const end = buffer.lastIndexOf('\n\n')
        if (end === -1) continue
        await writer.write(encoder.encode(buffer.slice(0, end + 2)))
        buffer = buffer.slice(end + 2)
      }
    } catch {
      // A closed client cancels every source.
    } finally {
      if (--open === 0) writer.close().catch(() => {})
    }
  }
  writer.closed.catch(() => {
    for (const reader of readers) reader?.cancel().catch(() => {})
  })
  for (const reader of readers) void pump(reader)
  return new Response(readable, { headers: SSE_HEADERS })
}
