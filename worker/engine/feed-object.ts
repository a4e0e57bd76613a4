// The runs feed (one object per job name): fans list events out to `/runs/subscribe` streams, filtered by labels.
import { DurableObject } from 'cloudflare:workers'
import type { DurablyEvent } from './events'
import { KEEP_ALIVE_MS, SSE_HEADERS } from './sse'
import { KeepAlive, Subscriber } from './subscriber'
import type { Labels } from './types'

interface FeedSubscriber {
  subscriber: Subscriber
  labels: Labels
}

function matches(labels: Labels, filter: Labels): boolean {
  for (const [key, value] of Object.entries(filter)) if (labels[key] !== value) return false
  return true
}

export class FeedObject extends DurableObject {
  private readonly subscribers = new Set<Subscriber>()
  private readonly filters = new Map<Subscriber, FeedSubscriber>()
  private readonly keepAlive = new KeepAlive(this.subscribers, KEEP_ALIVE_MS)

  /** Delivers a batch of events from a run object; returns how many streams are listening. */
  publish(events: DurablyEvent[]): number {
    for (const { subscriber, labels } of this.filters.values()) {
      for (const event of events) if (matches(event.labels, labels)) subscriber.send(event, undefined)
    }
    return this.subscribers.size
  }

  /** GET /subscribe?labels=<json>: a live SSE stream of this job's list events. */
  override async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url)
    let labels: Labels = {}
    try {
      labels = JSON.parse(url.searchParams.get('labels') ?? '{}') as Labels
    } catch {
      return new Response('labels must be JSON', { status: 400 })
    }
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>()
    const subscriber = new Subscriber(writable, 0, (gone) => this.remove(gone), false)
    this.subscribers.add(subscriber)
    this.filters.set(subscriber, { subscriber, labels })
    this.keepAlive.update()
    subscriber.comment('connected')
    request.signal?.addEventListener('abort', () => subscriber.close())
    return new Response(readable, { headers: SSE_HEADERS })
  }

  private remove(subscriber: Subscriber): void {
    this.subscribers.delete(subscriber)
    this.filters.delete(subscriber)
    this.keepAlive.update()
  }
}
