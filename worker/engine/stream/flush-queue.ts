// One flush per turn for all the subscribers of one object: one timer per event instead of one per subscriber.

/** Something with writes queued for the end of the turn. */
export interface Flushable {
  flush(): void
}

/**
 * Owned by one Durable Object (a run's host, a feed), never shared between objects: a timer runs in the I/O context
 * of the object that set it, and may only touch that object's streams.
 */
export class FlushQueue {
  private readonly pending = new Set<Flushable>()
  private timer: ReturnType<typeof setTimeout> | null = null

  /** `item.flush()` runs once at the end of this turn, however often it is queued before then. */
  queue(item: Flushable): void {
    this.pending.add(item)
    this.timer ??= setTimeout(() => this.flushAll(), 0)
  }

  private flushAll(): void {
    this.timer = null
    const items = [...this.pending]
    this.pending.clear()
    for (const item of items) item.flush()
  }
}
