// The runs feed (one object per job name): fans list events out to `/runs/subscribe` streams, filtered by labels.
import { DurableObject } from 'cloudflare:workers'
import type { DurablyEvent } from '../protocol/events'
import { FlushQueue } from '../stream/flush-queue'
import { StreamLease, type LeasedStream } from '../stream/stream-lease'
import { KEEP_ALIVE_MS, SSE_HEADERS } from '../protocol/sse'
import { KeepAlive, Subscriber } from '../stream/subscriber'
import type { FeedObjectRpc } from '../rpc'
import type { Labels } from '../types'

/** A list stream: its label filter and, per run, when progress was last sent and the newest held back. */
interface FeedSubscriber {
  subscriber: Subscriber
  labels: Labels
  throttleMs: number
  lastProgress: Map<string, number>
  heldProgress: Map<string, DurablyEvent>
  timer: ReturnType<typeof setTimeout> | null
}

function matches(labels: Labels, filter: Labels): boolean {
  for (const [key, value] of Object.entries(filter)) if (labels[key] !== value) return false
  return true
}

export class FeedObject extends DurableObject implements FeedObjectRpc {
  private readonly subscribers = new Set<Subscriber>()
  private readonly filters = new Map<Subscriber, FeedSubscriber>()
  private readonly keepAlive = new KeepAlive(this.subscribers, KEEP_ALIVE_MS)
  private readonly flushes = new FlushQueue()

  /** Delivers a batch of events from a run shard; returns how many streams are listening. */
  publish(events: DurablyEvent[]): number {
    for (const feed of this.filters.values()) {
      for (const event of events) if (matches(event.labels, feed.labels)) this.deliver(feed, event)
    }
    return this.subscribers.size
  }

  /** Progress of each run at most once per `throttleMs` per stream (the newest kept); everything else at once. */
  private deliver(feed: FeedSubscriber, event: DurablyEvent): void {
    if (event.type !== 'run:progress' || feed.throttleMs <= 0) {
      if (event.type !== 'run:progress') {
        const held = feed.heldProgress.get(event.runId)
        if (held) feed.subscriber.send(held, undefined)
        feed.heldProgress.delete(event.runId)
      }
      feed.subscriber.send(event, undefined)
      return
    }
    const now = Date.now()
    if (now - (feed.lastProgress.get(event.runId) ?? 0) >= feed.throttleMs) {
      feed.lastProgress.set(event.runId, now)
      feed.heldProgress.delete(event.runId)
      feed.subscriber.send(event, undefined)
      return
    }
    feed.heldProgress.set(event.runId, event)
    feed.timer ??= setTimeout(() => {
      feed.timer = null
      const held = [...feed.heldProgress.values()]
      feed.heldProgress.clear()
      for (const progress of held) {
        feed.lastProgress.set(progress.runId, Date.now())
        feed.subscriber.send(progress, undefined)
      }
    }, feed.throttleMs)
  }

  /**
   * A live SSE stream of this job's list events matching `labels` (over RPC: see `RunShard.openStream`), held open by
   * its lease.
   */
  openFeed(labels: Labels, throttleMs: number): LeasedStream {
    const { readable, writable } = new IdentityTransformStream()
    const subscriber = new Subscriber(writable, this.flushes, 0, (gone) => this.remove(gone), false)
    this.subscribers.add(subscriber)
    this.filters.set(subscriber, {
      subscriber,
      labels,
      throttleMs: Math.max(0, throttleMs || 0),
      lastProgress: new Map(),
      heldProgress: new Map(),
      timer: null,
    })
    this.keepAlive.update()
    subscriber.comment('connected')
    const lease = new StreamLease(() => subscriber.drop('client gone'))
    return { response: new Response(readable, { headers: SSE_HEADERS }), lease }
  }

  /** For tests and diagnostics: streams open, their filters, and the timers pending (held progress, keep-alive). */
  inspect(): { subscribers: number; filters: number; timers: number } {
    let timers = this.keepAlive.running ? 1 : 0
    for (const feed of this.filters.values()) if (feed.timer) timers++
    return { subscribers: this.subscribers.size, filters: this.filters.size, timers }
  }

  private remove(subscriber: Subscriber): void {
    const feed = this.filters.get(subscriber)
    if (feed?.timer) clearTimeout(feed.timer)
    this.subscribers.delete(subscriber)
    this.filters.delete(subscriber)
    this.keepAlive.update()
  }
}
