// The D1 gateway (Durable Object, one per database): every shard's mirror writes go through it as group commits.
import { DurableObject } from 'cloudflare:workers'
import type { EngineEnv } from '../bindings'
import type { D1GatewayRpc } from '../rpc'
import { D1Writer } from './d1-writer'
import type { SqlStatement } from './db'
import { settings } from '../registry'

/**
 * Runs spread over many shards, so one shard rarely has two batches to send at once; here the batches of all shards
 * meet and share a D1 round trip. Shards wait for their own results, and the statements carry their own fences, so a
 * combined batch decides nothing a shard's own batch would not have.
 */
export class D1Gateway extends DurableObject<EngineEnv> implements D1GatewayRpc {
  private readonly writer = new D1Writer(
    () => this.env.DB,
    () => settings.d1BatchWindowMs,
  )
  private submissions = 0

  /** Sends `statements` in one D1 batch, possibly together with other shards' statements. */
  async submit(statements: SqlStatement[]): Promise<D1Result[]> {
    this.submissions++
    return this.writer.submit(statements)
  }

  /** For tests and diagnostics: submissions taken and D1 batches sent since the object started. */
  stats(): { submissions: number; batches: number } {
    return { submissions: this.submissions, batches: this.writer.batchesSent }
  }
}
