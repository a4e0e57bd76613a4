// Test helper: reads a text/event-stream response into events (id, parsed data) and comment lines.
import { sseMessages } from '../../engine/protocol/sse-parse'

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

async function readWithTimeout<T>(reader: ReadableStreamDefaultReader<T>, deadline: number) {
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
  const result: SseRead<T> = { events: [], comments: [], ended: false }
  const reader = response.body.pipeThrough(sseMessages({ onComment: (text) => result.comments.push(text.trim()) })).getReader()
  const deadline = Date.now() + timeoutMs
  try {
    for (;;) {
      const next = await readWithTimeout(reader, deadline)
      if (next === 'timeout') throw new Error(`SSE read timed out after ${result.events.length} events`)
      if (next.done) {
        result.ended = true
        return result
      }
      const event: SseEvent<T> = { id: next.value.id, data: JSON.parse(next.value.data) as T }
      result.events.push(event)
      if (until?.(event)) return result
    }
  } finally {
    await reader.cancel().catch(() => {})
  }
}
