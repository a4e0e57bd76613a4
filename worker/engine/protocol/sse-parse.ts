// Reads a `text/event-stream` body back into events (for server-side subscribers, the feed merge and tests).
import { createParser, type EventSourceMessage } from 'eventsource-parser'

/** One event as sent: its `id:` and `event:` fields, if any, and its `data:` lines joined with "\n". */
export type SseMessage = EventSourceMessage

export interface SseParseOptions {
  /** Called with the text of each comment line (`: text`), e.g. keep-alives. */
  onComment?: (text: string) => void
  /** Called with the reconnection delay of each valid `retry:` field, in milliseconds. */
  onRetry?: (ms: number) => void
}

const CR = 13
const LF = 10

/**
 * Returns a function that rewrites the CR and CRLF line ends of successive chunks of one stream as LF, so that a
 * blank line is always "\n\n". A CRLF cut between two chunks stays one line end.
 *
 * Parsing LF-only text also lets an event out as soon as its blank line arrives: given a chunk that ends in CR, the
 * parser would otherwise hold that line back until the next chunk shows whether an LF follows.
 */
export function createLineEndNormalizer(): (text: string) => string {
  let afterCR = false
  return (text) => {
    if (text.length === 0) return text
    if (afterCR && text.charCodeAt(0) === LF) text = text.slice(1)
    afterCR = text.charCodeAt(text.length - 1) === CR
    return text.indexOf('\r') === -1 ? text : text.replace(/\r\n?/g, '\n')
  }
}

/**
 * Parses SSE bytes into messages, as an EventSource would: any of CRLF, CR or LF ends a line, comments and unknown
 * fields are skipped, and an event without a blank line before the stream ends is dropped.
 *
 * @example
 * for await (const message of response.body.pipeThrough(sseMessages())) console.log(message.id, message.data)
 */
export function sseMessages(options: SseParseOptions = {}): TransformStream<Uint8Array, SseMessage> {
  const decoder = new TextDecoder()
  const normalize = createLineEndNormalizer()
  let feed: (text: string) => void = () => {}
  return new TransformStream<Uint8Array, SseMessage>({
    start(controller) {
      const parser = createParser({
        onEvent: (message) => controller.enqueue(message),
        onComment: options.onComment,
        onRetry: options.onRetry,
      })
      feed = (text) => parser.feed(normalize(text))
    },
    transform(chunk) {
      feed(decoder.decode(chunk, { stream: true }))
    },
    flush() {
      feed(decoder.decode())
    },
  })
}

/** Splits an SSE byte stream into events: `{ id, data }` where data is the parsed JSON of the `data:` lines. */
export function parseEventStream<T = unknown>(body: ReadableStream<Uint8Array>): ReadableStream<{ id?: string; data: T }> {
  return body.pipeThrough(sseMessages()).pipeThrough(
    new TransformStream<SseMessage, { id?: string; data: T }>({
      transform(message, controller) {
        controller.enqueue({ id: message.id, data: JSON.parse(message.data) as T })
      },
    }),
  )
}
