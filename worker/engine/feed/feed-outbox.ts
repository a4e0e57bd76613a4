// Batches a run shard's list events for one job's feed: lifecycle events go out on the next turn, the rest every ~50 ms.
import type { FeedObjectRpc } from '../rpc'
import { LIFECYCLE_EVENT_TYPES, type DurablyEvent } from '../protocol/events'

const BATCH_MS = 50

export class FeedOutbox {
  private queue: DurablyEvent[] = []
  private timer: ReturnType<typeof setTimeout> | null = null
  private sending: Promise<void> = Promise.resolve()
  /** Whether the feed had listeners at the last delivery; without them step and log events are not sent. */
  private listening = true

  constructor(private readonly target: () => DurableObjectStub<FeedObjectRpc>) {}

  add(event: DurablyEvent): void {
    const lifecycle = LIFECYCLE_EVENT_TYPES.has(event.type)
    if (event.type === 'run:snapshot') return
    if (!lifecycle && event.type !== 'run:progress' && !this.listening) return
    if (event.type === 'run:progress') {
      // Only the latest progress of a run in a batch matters to a list.
      this.queue = this.queue.filter((queued) => queued.type !== 'run:progress' || queued.runId !== event.runId)
    }
    this.queue.push(event)
    if (lifecycle) this.sendSoon(0)
    else this.sendSoon(BATCH_MS)
  }

  /** Delivers whatever is queued now and waits for it. */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    await this.deliver()
  }

  private sendSoon(delay: number): void {
    if (this.timer && delay > 0) return
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      this.deliver().catch(() => {})
    }, delay)
  }

  private deliver(): Promise<void> {
    this.sending = this.sending.then(async () => {
      const batch = this.queue
      this.queue = []
      const stub = this.target()
      if (batch.length === 0) return
      try {
        this.listening = (await stub.publish(batch)) > 0
      } catch {
        // The feed is best effort: list clients reload from D1 on reconnect.
      }
    })
    return this.sending
  }
}
