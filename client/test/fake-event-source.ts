// A scriptable stand-in for EventSource: tests open, feed, drop and inspect connections.
import type { EventSourceLike } from '../lib/event-source'

export class FakeEventSource implements EventSourceLike {
  static CONNECTING = 0
  static OPEN = 1
  static CLOSED = 2
  readyState = FakeEventSource.CONNECTING
  onopen: ((event: Event) => void) | null = null
  onmessage: ((event: MessageEvent) => void) | null = null
  onerror: ((event: Event) => void) | null = null
  closed = false

  constructor(readonly url: string) {}

  open(): void {
    this.readyState = FakeEventSource.OPEN
    this.onopen?.(new Event('open'))
  }

  /** Delivers one SSE message whose data is `payload` as JSON. */
  send(payload: unknown, id?: number): void {
    if (this.closed) throw new Error('send on a closed EventSource')
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(payload), lastEventId: id === undefined ? '' : String(id) }))
  }

  /** The server or network ended the stream and the browser gave up (non-200, 204, …). */
  fail(): void {
    this.readyState = FakeEventSource.CLOSED
    this.onerror?.(new Event('error'))
  }

  close(): void {
    this.closed = true
    this.readyState = FakeEventSource.CLOSED
  }
}

/** Records every EventSource a store opens. */
export function eventSourceRecorder() {
  const sources: FakeEventSource[] = []
  const open = (url: string) => {
    const source = new FakeEventSource(url)
    sources.push(source)
    return source
  }
  const live = () => sources.filter((s) => !s.closed)
  const forRun = (runId: string) => live().filter((s) => new URL(s.url, 'http://x').searchParams.get('runId') === runId)
  return { sources, open, live, forRun }
}
