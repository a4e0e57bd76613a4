// Test helper: reads a text/event-stream response into events (id, parsed data) and comment lines.
export interface SseEvent<T = Record<string, unknown>> {
  id: string | undefined
  data: T
}

export interface SseRead<T> {
  events: SseEvent<T>[]
  comments: string[]
  /** True when the server closed the stream (as opposed to the reader stopping early). */
  ended: boolean
}

interface ReadOptions<T> {
  /** Stop (and cancel the stream) once an event satisfies this. */
  until?: (event: SseEvent<T>) => boolean
  timeoutMs?: number
}

function parseBlock<T>(block: string, comments: string[]): SseEvent<T> | undefined {
  let id: string | undefined
  const data: string[] = []
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) comments.push(line.slice(1).trim())
    else if (line.startsWith('id:')) id = line.slice(3).trim()
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''))
  }
  return data.length > 0 ? { id, data: JSON.parse(data.join('\n')) as T } : undefined
}

async function readWithTimeout(reader: ReadableStreamDefaultReader<Uint8Array>, deadline: number) {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()))
  })
  try {
    return await Promise.race([reader.read(), timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Reads events until the stream ends, `until` matches, or the time runs out (then it throws). */
export async function readSse<T = Record<string, unknown>>(
  response: Response,
  { until, timeoutMs = 10_000 }: ReadOptions<T> = {},
): Promise<SseRead<T>> {
  if (!response.body) throw new Error(`Response ${response.status} has no body`)
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  const result: SseRead<T> = { events: [], comments: [], ended: false }
  const deadline = Date.now() + timeoutMs
  let buffer = ''
  try {
    for (;;) {
      const chunk = await readWithTimeout(reader, deadline)
      if (chunk === 'timeout') throw new Error(`SSE read timed out after ${result.events.length} events`)
      if (chunk.done) {
        result.ended = true
        return result
      }
      buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n?/g, '\n')
      let end = buffer.indexOf('\n\n')
      while (end !== -1) {
        const event = parseBlock<T>(buffer.slice(0, end), result.comments)
        buffer = buffer.slice(end + 2)
        if (event) result.events.push(event)
        if (event && until?.(event)) return result
        end = buffer.indexOf('\n\n')
      }
    }
  } finally {
    await reader.cancel().catch(() => {})
  }
}
