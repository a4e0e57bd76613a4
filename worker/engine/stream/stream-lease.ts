// A stream's lease across RPC: the object that serves an SSE stream closes its subscriber as soon as the lease goes.
import { RpcTarget } from 'cloudflare:workers'

/**
 * Handed to the Worker next to a stream. A stream that crossed RPC does not tell its object when its reader went
 * away (only a later write fails, and a quiet stream may not write for a long time), so the Worker disposes the lease
 * when its client leaves; the runtime disposes it too when the Worker's request ends. Either way the object then
 * releases the subscriber at once.
 */
export class StreamLease extends RpcTarget {
  constructor(private readonly release: () => void) {
    super()
  }

  [Symbol.dispose](): void {
    this.release()
  }
}

/** What a Durable Object answers to open a stream: the SSE response and, when it streams, the lease that holds it. */
export interface LeasedStream {
  response: Response
  lease: StreamLease | null
}
