// What each Durable Object of the engine answers over RPC. Stubs are typed by these interfaces, so calling an object
// never needs its class (and an object's module never imports another object's).
import type { DurableWait } from './protocol/records'
import type { SignalReceipt } from './waits/wait-types'
import type { EventDelivery } from './events/event-types'
import type { SqlStatement } from './d1/db'
import type { DurablyEvent } from './protocol/events'
import type { RunState } from './shard/run-journal'
import type { LeasedStream } from './stream/stream-lease'
import type { Labels, Run } from './types'

/** What a trigger hands a run's shard: the run as it starts. */
export type NewRunState = Pick<RunState, 'id' | 'jobName' | 'input' | 'labels' | 'concurrencyKey' | 'createdAt' | 'recorded' | 'idempotencyKey' | 'wakeAt' | 'parent'> & {
  /** Completed steps copied from another run (a rerun from a step): journaled before the run starts, not executed. */
  seedSteps?: SeedStep[]
}

/** A child run's parent: the run that invoked it and the wait its ending is signalled to. */
export interface ParentLink {
  runId: string
  waitId: string
}

/** The waits of one event name: subscriptions by match, and events that resolve them. */
export interface EventObjectRpc extends Rpc.DurableObjectBranded {
  subscribe(waitId: string, runId: string, match: unknown): void
  unsubscribe(waitId: string): void
  send(eventId: string, name: string, payload: unknown): Promise<EventDelivery>
}

/** A signal's outcome over RPC (errors keep their HTTP status, which a thrown error would not carry across). */
export type SignalOutcome =
  | { ok: true; receipt: SignalReceipt }
  | { ok: false; status: 404 | 409 | 410; message: string }

/** A completed step copied into a new run (its output as JSON text). */
export interface SeedStep {
  name: string
  output: string | null
  startedAt: string
  completedAt: string
}

/** A run shard: hosts the runs whose ids name it. */
export interface RunShardRpc extends Rpc.DurableObjectBranded {
  init(run: NewRunState): Promise<void>
  initMany(runs: NewRunState[]): Promise<void>
  /** Continue a run now (its concurrency key became free). */
  wake(runId: string): Promise<void>
  cancel(runId: string): Promise<void>
  /** Send D1 what the run journaled and D1 has not seen yet. */
  settle(runId: string): Promise<void>
  /** Forget a deleted run. */
  purge(runId: string): Promise<void>
  /** Forget runs that retention deleted from D1 (one call for a shard's runs of a purge batch). */
  purgeMany(runIds: string[]): Promise<void>
  openStream(runId: string, options: { lastEventId?: number; throttleMs: number; snapshot?: boolean }): Promise<LeasedStream>
  /** The run as its shard knows it, or null when the shard does not hold it. */
  view(runId: string): Run | null
  /** The run's durable waits, or null when the shard does not hold the run. */
  waits(runId: string): DurableWait[] | null
  /** A signal for one of the run's waits; null when the shard does not hold the run. */
  signal(runId: string, waitId: string, signal: { signalId: string; payload: unknown }): SignalOutcome | null
  /** A trigger coalesced onto this run: its input and labels are announced with `run:coalesced`, not stored. */
  coalesced(runId: string, skipped: { skippedInput: unknown; skippedLabels: Labels }): void
  /** Several signals for runs of this shard in one call; outcomes in order. */
  signalMany(signals: { runId: string; waitId: string; signalId: string; payload: unknown }[]): (SignalOutcome | null)[]
}

/** A concurrency key: at most one run holds it; the others wait in order. */
export interface KeyObjectRpc extends Rpc.DurableObjectBranded {
  acquire(runId: string): boolean
  release(runId: string): Promise<void>
}

/** A job's runs feed. */
export interface FeedObjectRpc extends Rpc.DurableObjectBranded {
  /** Delivers list events; answers how many streams listen. */
  publish(events: DurablyEvent[]): number
  openFeed(labels: Labels, throttleMs: number): LeasedStream
  inspect(): { subscribers: number; filters: number; timers: number }
}

/** The D1 gateway: group-commits the shards' batches. */
export interface D1GatewayRpc extends Rpc.DurableObjectBranded {
  submit(statements: SqlStatement[]): Promise<D1Result[]>
  stats(): { submissions: number; batches: number }
}
