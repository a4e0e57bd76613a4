// The waits of one event name (one Durable Object per name): waits subscribe with their match; an event resolves every
// matching wait exactly once by signalling its run's shard, retried by alarm until each shard has answered.
import { DurableObject } from 'cloudflare:workers'
import { runStub, type EngineEnv } from '../bindings'
import { insertEventStatement } from '../d1/event-store'
import type { EventObjectRpc, SignalOutcome } from '../rpc'
import { fieldPairs } from './event-match'
import { shardOf } from '../ids'
import type { EventDelivery } from './event-types'

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS subscriptions (wait_id TEXT PRIMARY KEY, run_id TEXT NOT NULL, field_count INTEGER NOT NULL,
    created_at INTEGER NOT NULL)`,
  'CREATE TABLE IF NOT EXISTS subscription_fields (wait_id TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (wait_id, field))',
  'CREATE INDEX IF NOT EXISTS subscription_fields_value ON subscription_fields (field, value)',
  // Signals still to send: written with the event, deleted once the run's shard answered.
  `CREATE TABLE IF NOT EXISTS deliveries (event_id TEXT NOT NULL, wait_id TEXT NOT NULL, run_id TEXT NOT NULL, payload TEXT NOT NULL,
    PRIMARY KEY (event_id, wait_id))`,
]

/** A signal sent to the same shard for one event is retried this long after a failure. */
const RETRY_MS = 1_000

type Delivery = { event_id: string; wait_id: string; run_id: string; payload: string }


export class EventObject extends DurableObject<EngineEnv> implements EventObjectRpc {
  constructor(ctx: DurableObjectState, env: EngineEnv) {
    super(ctx, env)
    for (const statement of SCHEMA) ctx.storage.sql.exec(statement)
  }

  /** A wait asks for the next event of this name whose payload has the `match` fields (idempotent per wait). */
  subscribe(waitId: string, runId: string, match: unknown): void {
    const sql = this.ctx.storage.sql
    if (sql.exec('SELECT 1 FROM subscriptions WHERE wait_id = ?', waitId).toArray().length > 0) return
    const pairs = fieldPairs(match)
    sql.exec('INSERT INTO subscriptions (wait_id, run_id, field_count, created_at) VALUES (?, ?, ?, ?)', waitId, runId, pairs.length, Date.now())
    for (const [field, value] of pairs) sql.exec('INSERT INTO subscription_fields (wait_id, field, value) VALUES (?, ?, ?)', waitId, field, value)
  }

  /** The wait no longer waits (resolved, timed out, its run ended). */
  unsubscribe(waitId: string): void {
    this.ctx.storage.sql.exec('DELETE FROM subscriptions WHERE wait_id = ?', waitId)
    this.ctx.storage.sql.exec('DELETE FROM subscription_fields WHERE wait_id = ?', waitId)
  }

  /**
   * Resolves every wait whose match the payload meets, each once: the matching subscriptions become deliveries in one
   * synchronous step (so a concurrent or repeated event cannot take them too), then every run's shard is signalled.
   */
  async send(eventId: string, name: string, payload: unknown): Promise<EventDelivery> {
    const sql = this.ctx.storage.sql
    const pairs = fieldPairs(payload)
    const matchedIds = this.matching(pairs)
    const payloadJson = JSON.stringify({ eventId, name, payload })
    for (const { wait_id, run_id } of matchedIds) {
      sql.exec('INSERT OR IGNORE INTO deliveries (event_id, wait_id, run_id, payload) VALUES (?, ?, ?, ?)', eventId, wait_id, run_id, payloadJson)
      this.unsubscribe(wait_id)
    }
    const woken = await this.deliver(eventId)
    await this.env.DB.prepare(insertEventStatement.sql)
      .bind(...insertEventStatement.params({ id: eventId, name, payload, matched: matchedIds.length, woken }))
      .run()
      .catch((error: unknown) => console.warn(`event ${eventId}: could not record it in D1: ${String(error)}`))
    return { eventId, matched: matchedIds.length, woken }
  }

  /** Subscriptions all of whose fields the payload has with equal values (those with no fields match every event). */
  private matching(pairs: [string, string][]): { wait_id: string; run_id: string }[] {
    const sql = this.ctx.storage.sql
    const open = sql.exec<{ wait_id: string; run_id: string }>('SELECT wait_id, run_id FROM subscriptions WHERE field_count = 0').toArray()
    if (pairs.length === 0) return open
    const placeholders = pairs.map(() => '(field = ? AND value = ?)').join(' OR ')
    const fielded = sql
      .exec<{ wait_id: string; run_id: string }>(
        `SELECT s.wait_id, s.run_id FROM subscription_fields f JOIN subscriptions s ON s.wait_id = f.wait_id
          WHERE ${placeholders} GROUP BY s.wait_id HAVING count(*) = s.field_count`,
        ...pairs.flat(),
      )
      .toArray()
    return [...open, ...fielded]
  }

  /**
   * Sends the pending signals of one event (or all, from the alarm), one call per run shard for all of its runs;
   * returns the runs that accepted theirs.
   */
  private async deliver(eventId?: string): Promise<string[]> {
    const sql = this.ctx.storage.sql
    const pending = (eventId === undefined
      ? sql.exec<Delivery>('SELECT * FROM deliveries LIMIT 2000')
      : sql.exec<Delivery>('SELECT * FROM deliveries WHERE event_id = ?', eventId)
    ).toArray()
    const byShard = new Map<number, Delivery[]>()
    for (const delivery of pending) {
      const shard = shardOf(delivery.run_id)
      byShard.set(shard, [...(byShard.get(shard) ?? []), delivery])
    }
    const woken: string[] = []
    let failed = false
    await Promise.all(
      [...byShard.values()].map(async (deliveries) => {
        const signals = deliveries.map((delivery) => {
          const { eventId: id, payload, name } = JSON.parse(delivery.payload) as { eventId: string; name: string; payload: unknown }
          return { runId: delivery.run_id, waitId: delivery.wait_id, signalId: `event:${id}`, payload: { event: name, eventId: id, payload } }
        })
        try {
          const first = deliveries[0] as Delivery
          const outcomes = (await runStub(this.env, first.run_id).signalMany(signals)) as (SignalOutcome | null)[]
          deliveries.forEach((delivery, i) => {
            const outcome = outcomes[i]
            if (outcome?.ok && outcome.receipt.disposition === 'accepted') woken.push(delivery.run_id)
            // Accepted, a duplicate, or refused for good (the wait timed out, its run ended): done either way.
            sql.exec('DELETE FROM deliveries WHERE event_id = ? AND wait_id = ?', delivery.event_id, delivery.wait_id)
          })
        } catch (error) {
          failed = true
          console.warn(`event deliveries to the shard of run ${deliveries[0]?.run_id} failed, retrying: ${String(error)}`)
        }
      }),
    )
    if (failed) await this.ctx.storage.setAlarm(Date.now() + RETRY_MS)
    return woken
  }

  /** Retries deliveries a shard did not answer (alarms fire at least once: a repeated signal is a duplicate). */
  override async alarm(): Promise<void> {
    await this.deliver()
  }

  /** For tests: how many waits subscribe and how many signals are still to send. */
  inspect(): { subscriptions: number; deliveries: number } {
    const sql = this.ctx.storage.sql
    return {
      subscriptions: sql.exec<{ n: number }>('SELECT count(*) AS n FROM subscriptions').one().n,
      deliveries: sql.exec<{ n: number }>('SELECT count(*) AS n FROM deliveries').one().n,
    }
  }
}
