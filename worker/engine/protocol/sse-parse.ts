// Reads a `text/event-stream` body back into parsed `data:` JSON objects (for server-side subscribers and tests).

/** Splits an SSE byte stream into events: `{ id, data }` where data is the parsed JSON of the `data:` lines. */
export function parseEventStream<T = unknown>(body: ReadableStream<Uint8Array>): ReadableStream<{ id?: string; data: T }> {
  const decoder = new TextDecoder()
  let buffer = ''
  return body.pipeThrough(
    new TransformStream<Uint8Array, { id?: string; data: T }>({
      transform(chunk, controller) {
        buffer += decoder.decode(chunk, { stream: true })
        let end = buffer.indexOf('\n\n')
        while (end !== -1) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const event = parseBlock<T>(block)
          if (event) controller.enqueue(event)
          end = buffer.indexOf('\n\n')
        }
      },
    }),
  )
}

function parseBlock<T>(block: string): { id?: string; data: T } | null {
  let id: string | undefined
  const data: string[] = []
  for (const line of block.split('\n')) {
    if (line.startsWith('id:')) id = line.slice(3).trim()
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''))
  }
  if (data.length === 0) return null
  return { id, data: JSON.parse(data.join('\n')) as T }
}
