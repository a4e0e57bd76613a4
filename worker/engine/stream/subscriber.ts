// One SSE subscriber of a run: writes events in order, throttles progress (first and last kept), drops slow readers.
import { concatBytes } from '../bytes'
import { isTerminalEvent, type DurablyEvent } from '../protocol/events'
import type { Flushable, FlushQueue } from './flush-queue'
import { encodeComment, encodeEvent } from '../protocol/sse'

/** Writes a reader may fall behind before it is dropped rather than buffered without bound. */
const MAX_BACKLOG = 1_000

export class Subscriber implements Flushable {
  private readonly writer: WritableStreamDefaultWriter<Uint8Array>
  private lastProgressAt = 0
  private pendingProgress: Uint8Array | null = null
  private progressTimer: ReturnType<typeof setTimeout> | null = null
  private buffer: Uint8Array[] = []
  /** Writes the reader has not taken yet. */
  private unread = 0
  closed = false

  constructor(
    writable: WritableStream<Uint8Array>,
    /** The owning object's queue: its subscribers' writes of one turn go out together. */
    private readonly flushes: FlushQueue,
    private readonly throttleMs: number,
    private readonly onClose: (subscriber: Subscriber) => void,
    /** A run stream ends with its run; the runs feed outlives every run. */
    private readonly closeOnTerminal = true,
  ) {
    this.writer = writable.getWriter()
    this.writer.closed.catch(() => this.close())
  }

  /** Sends an event (progress may be held back up to `throttleMs`); a terminal event ends the stream. */
  send(event: DurablyEvent, id: number | undefined = event.sequence): void {
    this.deliver(event, encodeEvent(event, id))
  }

  /** Like `send`, with the event already encoded (one encoding shared by every subscriber). */
  deliver(event: DurablyEvent, bytes: Uint8Array): void {
    if (this.closed) return
    if (event.type === 'run:progress' && this.throttleMs > 0) {
      const wait = this.lastProgressAt + this.throttleMs - Date.now()
      if (wait > 0) {
        this.pendingProgress = bytes
        this.progressTimer ??= setTimeout(() => this.flushProgress(), wait)
        return
      }
      this.lastProgressAt = Date.now()
    } else if (event.type !== 'run:progress') {
      // Anything else goes out after the progress it followed, so the client never sees progress move backwards.
      this.flushProgress()
    }
    this.write(bytes)
    if (this.closeOnTerminal && isTerminalEvent(event)) this.close()
  }

  comment(text: string): void {
    if (!this.closed) this.write(encodeComment(text))
  }

  close(): void {
    if (this.closed) return
    if (this.progressTimer) clearTimeout(this.progressTimer)
    this.flush()
    this.closed = true
    this.writer.close().catch(() => {})
    this.onClose(this)
  }

  /** The reader is gone (or too slow to keep): lets go of everything at once, writing nothing more. */
  drop(reason: string): void {
    if (this.closed) return
    this.closed = true
    if (this.progressTimer) clearTimeout(this.progressTimer)
    this.progressTimer = null
    this.pendingProgress = null
    this.buffer = []
    this.writer.abort(new Error(reason)).catch(() => {})
    this.onClose(this)
  }

  private flushProgress(): void {
    if (this.progressTimer) clearTimeout(this.progressTimer)
    this.progressTimer = null
    const bytes = this.pendingProgress
    this.pendingProgress = null
    if (!bytes || this.closed) return
    this.lastProgressAt = Date.now()
    this.write(bytes)
  }

  /** Queues a chunk; chunks queued in one turn of the event loop go out as one write. */
  private write(chunk: Uint8Array): void {
    if (this.buffer.length === 0) this.flushes.queue(this)
    this.buffer.push(chunk)
  }

  /** Writes what was queued this turn (called by the flush queue, or at once on close). */
  flush(): void {
    if (this.closed || this.buffer.length === 0) return
    const chunks = this.buffer
    this.buffer = []
    if (this.unread > MAX_BACKLOG) return this.drop('subscriber too slow')
    this.unread++
    this.writer.write(concatBytes(chunks)).then(
      () => this.unread--,
      () => this.close(),
    )
  }
}

/** Sends a keep-alive comment to every subscriber of a set while it is not empty. */
export class KeepAlive {
  private timer: ReturnType<typeof setInterval> | null = null

  constructor(
    private readonly subscribers: Set<Subscriber>,
    private readonly intervalMs: number,
  ) {}

  /** Whether the keep-alive timer is set (for tests and diagnostics). */
  get running(): boolean {
    return this.timer !== null
  }

  /** Call after adding or removing a subscriber. */
  update(): void {
    if (this.subscribers.size > 0 && !this.timer) {
      this.timer = setInterval(() => {
        for (const subscriber of this.subscribers) subscriber.comment('keep-alive')
      }, this.intervalMs)
    } else if (this.subscribers.size === 0 && this.timer) {
      clearInterval(this.timer)
      this.timer = null
    }
  }
}
