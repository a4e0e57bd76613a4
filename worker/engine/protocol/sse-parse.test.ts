// Reading event streams: every line end SSE allows, multi-line data, comments, id and retry, any chunking.
import { describe, expect, it } from 'vitest'
import { parseEventStream, sseMessages, type SseMessage } from './sse-parse'

const encoder = new TextEncoder()

/** One stream as lines; a blank line ends an event. */
const LINES = [
  ': keep-alive',
  'retry: 3000',
  'id: 7',
  'data: {"type":"run:progress",',
  'data: "message":"Importing Zoë 🚀"}',
  '',
  'data:[1,',
  'data:2]',
  '',
  'id: 8',
  '',
  'event: ping',
  'id: 9',
  'data: "last"',
  '',
]

const EXPECTED = [
  { id: '7', data: { type: 'run:progress', message: 'Importing Zoë 🚀' } },
  { id: undefined, data: [1, 2] },
  { id: '9', data: 'last' },
]

const LINE_ENDS: Record<string, (index: number) => string> = {
  LF: () => '\n',
  CRLF: () => '\r\n',
  CR: () => '\r',
  mixed: (index) => ['\r\n', '\n', '\r'][index % 3] ?? '\n',
}

function streamText(lineEnd: (index: number) => string): string {
  return LINES.map((line, index) => line + lineEnd(index)).join('')
}

function bodyOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk)
      controller.close()
    },
  })
}

async function collect<T>(stream: ReadableStream<T>): Promise<T[]> {
  const reader = stream.getReader()
  const out: T[] = []
  for (let next = await reader.read(); !next.done; next = await reader.read()) out.push(next.value)
  return out
}

/** The first value of `stream` within `ms`, or 'nothing yet'. */
async function firstWithin<T>(stream: ReadableStream<T>, ms: number): Promise<T | 'nothing yet'> {
  const reader = stream.getReader()
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<'nothing yet'>((resolve) => (timer = setTimeout(() => resolve('nothing yet'), ms)))
  try {
    const next = await Promise.race([reader.read(), timeout])
    return next === 'nothing yet' || next.done ? 'nothing yet' : next.value
  } finally {
    clearTimeout(timer)
    reader.releaseLock()
  }
}

describe.each(Object.entries(LINE_ENDS))('an event stream with %s line ends', (_, lineEnd) => {
  const bytes = encoder.encode(streamText(lineEnd))

  it('gives each event with its id and the JSON of its data lines joined', async () => {
    expect(await collect(parseEventStream(bodyOf([bytes])))).toEqual(EXPECTED)
  })

  it('gives the same events however the bytes are cut in two', async () => {
    for (let cut = 1; cut < bytes.length; cut++) {
      const events = await collect(parseEventStream(bodyOf([bytes.slice(0, cut), bytes.slice(cut)])))
      expect(events, `cut at byte ${cut}`).toEqual(EXPECTED)
    }
  })

  it('gives the same events when every byte comes alone', async () => {
    const chunks = Array.from(bytes, (byte) => Uint8Array.of(byte))
    expect(await collect(parseEventStream(bodyOf(chunks)))).toEqual(EXPECTED)
  })

  it('reports comments, the retry delay and event names', async () => {
    const comments: string[] = []
    const retries: number[] = []
    const messages = await collect(bodyOf([bytes]).pipeThrough(sseMessages({ onComment: (text) => comments.push(text), onRetry: (ms) => retries.push(ms) })))
    expect(comments).toEqual(['keep-alive'])
    expect(retries).toEqual([3000])
    expect(messages.map((message: SseMessage) => [message.id, message.event])).toEqual([
      ['7', undefined],
      [undefined, undefined],
      ['9', 'ping'],
    ])
  })

  it('gives an event as soon as its blank line arrives, without waiting for more bytes', async () => {
    const firstEvent = lineEnd(0) === '\n' ? 'id: 1\ndata: 1\n\n' : `id: 1${lineEnd(0)}data: 1${lineEnd(1)}${lineEnd(2)}`
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>()
    const writer = writable.getWriter()
    const events = parseEventStream(readable)
    void writer.write(encoder.encode(firstEvent))
    expect(await firstWithin(events, 500)).toEqual({ id: '1', data: 1 })
    await writer.abort().catch(() => {})
  })
})

describe('an event stream that ends', () => {
  it('drops an event whose blank line never came', async () => {
    const events = await collect(parseEventStream(bodyOf([encoder.encode('data: 1\n\ndata: 2\n')])))
    expect(events).toEqual([{ id: undefined, data: 1 }])
  })

  it('ignores a byte-order mark at its start and fields it does not know', async () => {
    const text = '\uFEFFdata: 1\nfoo: bar\n\n'
    expect(await collect(parseEventStream(bodyOf([encoder.encode(text)])))).toEqual([{ id: undefined, data: 1 }])
  })
})
