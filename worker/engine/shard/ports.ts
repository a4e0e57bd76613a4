// The narrow ports between a run shard's parts: what a run host needs from its shard, and what the executor, the
// cancel and the subscription each need from a run host. Each part depends on its port, never on the others' classes.
import type { EngineEnv } from '../bindings'
import type { SqlStatement } from '../d1/db'
import type { Claim, RunEnding, RunSuspension } from '../d1/fenced-writes'
import type { FeedOutbox } from '../feed/feed-outbox'
import type { DurablyEvent, RunEventBody } from '../protocol/events'
import type { FlushQueue } from '../stream/flush-queue'
import type { KeepAlive, Subscriber } from '../stream/subscriber'
import type { Labels, Run } from '../types'
import type { RunJournal, RunState } from './run-journal'
import type { StepHost } from './step-context'
import type { RunWaits } from '../waits/run-waits'

/** Takes a batch of statements to D1 and answers with their results. */
export interface D1Sink {
  submit(statements: SqlStatement[]): Promise<D1Result[]>
}

/** What a run needs from the shard that hosts it. */
export interface ShardContext {
  readonly storage: DurableObjectStorage
  readonly bindings: EngineEnv
  readonly objectId: string
  /** Where the shard's runs send their D1 writes: the gateway, which group-commits them with other shards' writes. */
  readonly writer: D1Sink
  /** Subscriber writes of all the shard's runs, flushed together once per turn. */
  readonly flushes: FlushQueue
  /** List events of the shard's runs of one job, batched for that job's feed. */
  feedFor(jobName: string): FeedOutbox
  /**
   * The shard's alarm fires for this run at `at` (epoch ms) at the latest; a time a little earlier already set may
   * stay, unless `exact` (a wake time, which must not come early).
   */
  schedule(runId: string, at: number, exact?: boolean): void
  unschedule(runId: string): void
  /** Drops the run's in-memory host (its journal stays in storage). */
  release(runId: string): void
  /** The run ended and D1 has its ending: its journal goes after the retention time. */
  retire(runId: string): void
}

/** The run's D1 mirror as its host's parts use it. */
export interface MirrorControl {
  claimWith(claim: Claim): void
  flush(ending?: RunEnding | RunSuspension): Promise<boolean>
  schedule(): void
}

/** What ending a run from outside (a cancel) needs from its host. */
export interface CancelHost {
  readonly d1: D1Database
  readonly runState: RunState | null
  readonly state: RunState
  readonly mirror: Pick<MirrorControl, 'flush'>
  controller: AbortController | null
  isEnded(): boolean
  /** Adopts the ending D1 recorded and tells subscribers. */
  endAs(run: Run): Promise<void>
}

/** What executing a run (one invocation) needs from its host. */
export interface ExecutionHost extends CancelHost, StepHost {
  readonly objectId: string
  readonly journal: RunJournal
  readonly mirror: MirrorControl
  leaseLost: boolean
  emit(body: RunEventBody): DurablyEvent
  saveState(): void
  scheduleAt(at: number): void
  /** The run is due exactly at `at` (epoch ms): its wake time. */
  wakeAt(at: number): void
  /** The run has no due time (it waits for something outside). */
  clearDue(): void
  /** The run's durable waits. */
  readonly waits: RunWaits
  /** Starts the child of a parent wait (step.invoke); resolves with the child's run id. */
  startChild(waitId: string, jobName: string, input: unknown, labels?: Labels): Promise<string>
  /** Cancels the child of a wait (its deadline passed). */
  cancelChildOf(waitId: string): Promise<void>
  /** Gives the run's concurrency key (if any) to the next run of that key. */
  releaseKey(): Promise<void>
  /** Journals the run's ending and waits until D1 has it. */
  recordEnding(): Promise<void>
}

/** What a subscription to a run's events needs from its host. */
export interface SubscriptionHost {
  readonly runId: string
  readonly d1: D1Database
  readonly runState: RunState | null
  readonly journal: Pick<RunJournal, 'eventsAfter' | 'lastSequence' | 'newestSteps' | 'newestEventsOf'>
  readonly flushes: FlushQueue
  readonly subscribers: Set<Subscriber>
  readonly keepAlive: KeepAlive
  releaseIfIdle(): void
  view(): Run
}
