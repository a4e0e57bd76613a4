// Reads Server-Sent Events in Node for the end-to-end tests, the soak suite and the bench: one parser for all.
import { createParser } from 'eventsource-parser'

const CR = 13
const LF = 10

/**
 * Rewrites the CR and CRLF line ends of successive chunks of one stream as LF (a CRLF cut between chunks stays one
 * line end). Given a chunk that ends in CR, eventsource-parser holds that line back until a later chunk shows whether
 * an LF follows; LF-only text lets every event out as soon as its blank line arrives. Same as the Worker's reader.
 */
function createLineEndNormalizer() {
  let afterCR = false
  return (text) => {
    if (text.length === 0) return text
    if (afterCR && text.charCodeAt(0) === LF) text = text.slice(1)
    afterCR = text.charCodeAt(text.length - 1) === CR
    return text.indexOf('\r') === -1 ? text : text.replace(/\r\n?/g, '\n')
  }
}

/**
 * A push parser over decoded text: `feed(text)` calls `onMessage({ id, event, data })` for each event it completes
 * (data lines joined with "\n"), `onComment(text)` for comments and `onRetry(ms)` for `retry:` fields, synchronously.
 *
 * @example
 * const reader = createSseReader({ onMessage: (message) => console.log(JSON.parse(message.data)) })
 * socket.setEncoding('utf8').on('data', (text) => reader.feed(text))
 */
export function createSseReader({ onMessage, onComment, onRetry }) {
  const parser = createParser({ onEvent: onMessage, onComment, onRetry })
  const normalize = createLineEndNormalizer()
  return { feed: (text) => parser.feed(normalize(text)) }
}

/**
 * Yields each message of an SSE response (fetch `Response`) as `{ id, event, data }`, data as text. Ends when the
 * stream ends; an event without its blank line at the end is dropped. Breaking out of the loop cancels the body.
 */
export async function* sseMessages(response, { onComment, onRetry } = {}) {
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  let pending = []
  const parser = createSseReader({ onMessage: (message) => pending.push(message), onComment, onRetry })
  try {
    for (;;) {
      const { done, value } = await reader.read()
      parser.feed(done ? decoder.decode() : decoder.decode(value, { stream: true }))
      const ready = pending
      pending = []
      yield* ready
      if (done) return
    }
  } finally {
    reader.cancel().catch(() => {})
  }
}

/** Yields each event of an SSE response as `{ id, data }` with its data parsed as JSON. */
export async function* sseEvents(response) {
  for await (const message of sseMessages(response)) yield { id: message.id, data: JSON.parse(message.data) }
}

/**
 * Opens `url` and collects `{ id, data }` events until `until(event)` holds, the stream ends, or `timeoutMs` passes
 * (then it throws). Answers `{ status, events, ended }`; a status other than 200 comes back with no events.
 */
export async function readEvents(url, { headers = {}, until = () => false, timeoutMs = 20_000 } = {}) {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeoutMs)
  const events = []
  try {
    const response = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: controller.signal })
    if (response.status !== 200) return { status: response.status, events, ended: true }
    for await (const event of sseEvents(response)) {
      events.push(event)
      if (until(event)) return { status: 200, events, ended: false }
    }
    return { status: 200, events, ended: true }
  } catch (error) {
    if (controller.signal.aborted) throw new Error(`SSE ${url} timed out after ${events.length} events`)
    throw error
  } finally {
    clearTimeout(timer)
    controller.abort()
  }
}
