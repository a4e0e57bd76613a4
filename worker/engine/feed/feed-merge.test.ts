// Merging feed streams: whole events from every source, in their order, whatever their line ends and chunking.
import { describe, expect, it } from 'vitest'
import { parseEventStream } from '../protocol/sse-parse'
import { mergeEventStreams } from './feed-merge'

const encoder = new TextEncoder()
const EVENTS_PER_SOURCE = 4

/** A source's text: a keep-alive, then events `{ source, n }` with ids, lines ended by `lineEnd`. */
function sourceText(source: string, lineEnd: string): string {
  let text = `: keep-alive${lineEnd}${lineEnd}`
  for (let n = 1; n <= EVENTS_PER_SOURCE; n++) {
    text += `id: ${n}${lineEnd}data: ${JSON.stringify({ source, n })}${lineEnd}${lineEnd}`
  }
  return text
}

/** A body that gives `text` in chunks of `size` bytes, one per read, so that the merge interleaves the sources. */
function chunkedBody(text: string, size: number): ReadableStream<Uint8Array> {
  const bytes = encoder.encode(text)
  let offset = 0
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close()
      controller.enqueue(bytes.slice(offset, offset + size))
      offset += size
    },
  })
}

async function mergedEvents(sources: { text: string; size: number }[]) {
  const response = mergeEventStreams(sources.map(({ text, size }) => ({ response: new Response(chunkedBody(text, size)), lease: null })))
  const reader = parseEventStream<{ source: string; n: number }>(response.body!).getReader()
  const events: { source: string; n: number }[] = []
  for (let next = await reader.read(); !next.done; next = await reader.read()) events.push(next.value.data)
  return events
}

const inOrder = (source: string) => Array.from({ length: EVENTS_PER_SOURCE }, (_, i) => ({ source, n: i + 1 }))

describe('merging feed streams', () => {
  for (const size of [1, 2, 3, 7, 16]) {
    it(`keeps every event whole with LF, CRLF and CR sources cut every ${size} bytes`, async () => {
      const events = await mergedEvents([
        { text: sourceText('lf', '\n'), size },
        { text: sourceText('crlf', '\r\n'), size },
        { text: sourceText('cr', '\r'), size },
      ])
      expect(events).toHaveLength(3 * EVENTS_PER_SOURCE)
      for (const source of ['lf', 'crlf', 'cr']) expect(events.filter((event) => event.source === source)).toEqual(inOrder(source))
    })
  }
})
