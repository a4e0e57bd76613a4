// One run inside its shard: its only executor while active, its event journal, and the fan-out to its subscribers.
import { eventStub, keyStub, type EngineEnv } from '../bindings'
import type { DurablyEvent, RunEventBody } from '../protocol/events'
import { settings } from '../registry'
import { executeInvocation } from './run-executor'
import { RunJournal, type JournalStep, type RunState } from './run-journal'
import type { SqlStatement } from '../d1/db'
import type { FlushQueue } from '../stream/flush-queue'
import type { ExecutionHost, ShardContext, SubscriptionHost } from './ports'
import { RunMirror, type MirrorHost } from './run-mirror'
import { KEEP_ALIVE_MS, encodeEventJson } from '../protocol/sse'
import { KeepAlive, type Subscriber } from '../stream/subscriber'
import type { Labels, Run } from '../types'
import { leaseOwnerOf, stateToRun } from './run-view'
import { initialState, seedSteps } from './run-start'
import { RunWaits } from '../waits/run-waits'
import { cancelChildren, startChild } from '../children/child-runs'
import { adoptEnding, recordEnding, releaseEnded } from './run-ending'
import type { NewRunState } from '../rpc'

/** What the Worker hands a run's shard when it creates the run. */
export type { NewRunState }

/** Steps between macrotask yields, so cancels and subscribers get in during tight step loops. */
const YIELD_EVERY_STEPS = 64

export class RunHost implements MirrorHost, ExecutionHost, SubscriptionHost {
  journal: RunJournal
  runState: RunState | null
  readonly subscribers = new Set<Subscriber>()
  readonly keepAlive = new KeepAlive(this.subscribers, KEEP_ALIVE_MS)
  readonly mirror: RunMirror = new RunMirror(this, () => settings.mirrorDelayMs)
  private executing: Promise<void> | null = null
  controller: AbortController | null = null
  /** Set when D1 refused a fenced write of this object; the executor then re-syncs with D1. */
  leaseLost = false
  private stepsSinceYield = 0
  readonly waits: RunWaits

  constructor(
    private readonly shard: ShardContext,
    readonly runId: string,
  ) {
    this.journal = new RunJournal(shard.storage.sql, runId)
    this.runState = this.journal.readState()
    this.waits = new RunWaits(shard.storage.sql, this)
  }

  /** A wait this run suspended on has its result: resume now. */
  wakeNow(): void {
    if (this.executing) return
    this.state.wakeAt = new Date().toISOString()
    this.saveState()
    this.wakeAt(Date.now())
  }

  subscribeEvent(eventName: string, waitId: string, match: unknown): Promise<void> {
    return eventStub(this.bindings, eventName).subscribe(waitId, this.runId, match)
  }

  /** A suspended run has no due time until something outside wakes it (a wait with no deadline). */
  clearDue(): void {
    this.shard.unschedule(this.runId)
  }

  get bindings(): EngineEnv {
    return this.shard.bindings
  }

  get objectId(): string {
    return this.shard.objectId
  }

  /** The shard's queue of subscriber writes (one flush per turn for all its runs' streams). */
  get flushes(): FlushQueue {
    return this.shard.flushes
  }

  /** Makes the shard's alarm fire for this run at `at` (epoch ms) at the latest. */
  scheduleAt(at: number): void {
    this.shard.schedule(this.runId, at)
  }

  /** Kept in memory; after a restart it is read back from the latest stored progress event. */
  setProgress(progress: RunState['progress']): void {
    this.state.progress = progress
  }

  get d1(): D1Database {
    return this.bindings.DB
  }

  get state(): RunState {
    if (!this.runState) throw new Error(`run ${this.runId} is not recorded in its shard`)
    return this.runState
  }

  saveState(): void {
    this.journal.writeState(this.state)
  }

  /**
   * Called once by the Worker: records the run and starts (or queues) it. A run with `recorded: false` is not in D1
   * yet; its first mirror batch inserts it, so the trigger waits for no D1 round trip.
   */
  async init(run: NewRunState): Promise<void> {
    if (this.runState) return
    this.runState = initialState(run)
    this.journal.startEmpty()
    this.journal.writeInput(run.input)
    this.saveState()
    const startAt = run.wakeAt ? Date.parse(run.wakeAt) : 0
    // A delayed run is due at its start time; any other is due at once with the state: if the shard dies before the
    // run starts (or asks for its key), the alarm starts it.
    if (startAt > Date.now()) this.wakeAt(startAt)
    else this.scheduleAt(Date.now() + settings.watchdogMs)
    this.emit({ type: 'run:trigger', input: run.input })
    if (run.seedSteps?.length) seedSteps(this, run.seedSteps)
    if (startAt <= Date.now()) await this.schedule()
  }

  /** The run is due exactly at `at` (a wake or start time), not before. */
  wakeAt(at: number): void {
    this.shard.schedule(this.runId, at, true)
  }

  /** Hands the run's concurrency key (if it has one) to the next run of that key. */
  async releaseKey(): Promise<void> {
    const key = this.state.concurrencyKey
    if (key) await keyStub(this.bindings, key).release(this.state.id)
  }

  /** A delayed run before its start time, or a waiting run before its wake time: nothing to do but wait. */
  private isSuspended(): boolean {
    return this.state.status === 'waiting' || this.state.waitingFor?.kind === 'delay'
  }

  /** Woken by the concurrency key when this run's turn came. */
  async wake(): Promise<void> {
    if (!this.runState || this.isEnded()) return
    this.state.waitingForKey = false
    this.saveState()
    await this.start()
  }

  private async schedule(): Promise<void> {
    const { concurrencyKey, id } = this.state
    if (concurrencyKey && !(await keyStub(this.bindings, concurrencyKey).acquire(id))) {
      // The key's object wakes this run when its turn comes (and retries by its own alarm).
      this.state.waitingForKey = true
      this.saveState()
      this.shard.unschedule(this.runId)
      return
    }
    await this.start()
  }

  private async start(): Promise<void> {
    this.scheduleAt(Date.now() + settings.watchdogMs)
    this.kick()
    // A keyed run is shown leased in D1 before its trigger returns, so the key's next trigger queues behind it.
    if (this.state.concurrencyKey) await this.mirror.flush()
  }

  /** Starts an invocation unless one is running in this instance. */
  kick(): void {
    this.executing ??= executeInvocation(this).finally(() => {
      this.executing = null
      // A signal that came while the run was suspending finds it executing still: it resumes now, not at its deadline.
      if (this.runState && this.state.status === 'waiting' && this.waitSignalled()) this.wakeNow()
      this.releaseIfIdle()
    })
  }

  /** The run waits on a wait that already has its result. */
  private waitSignalled(): boolean {
    const waitId = this.state.waitingFor?.waitId ?? null
    return !!waitId && this.waits.journal.byId(waitId)?.outcome != null
  }

  /** The shard's alarm found this run due: start, continue after a yield, or resume after a crash. */
  async onDue(): Promise<void> {
    if (!this.runState) return this.shard.unschedule(this.runId)
    if (this.isEnded()) {
      // The invocation that ended the run may have died before its claim reached D1: send it again (a no-op if it had).
      const startedAt = this.state.startedAt ?? this.state.createdAt
      this.mirror.claimWith({ owner: leaseOwnerOf(this.objectId), leaseMs: settings.leaseMs, startedAt })
      return this.recordEnding()
    }
    if (this.state.waitingForKey) {
      this.shard.unschedule(this.runId)
      return this.schedule()
    }
    if (this.isSuspended() && !this.executing) {
      const wakeAt = this.state.wakeAt ? Date.parse(this.state.wakeAt) : null
      if (wakeAt === null) return this.shard.unschedule(this.runId)
      if (wakeAt > Date.now()) return this.wakeAt(wakeAt)
      // A delayed run starts as any other; a waiting run's invocation reads what it waited for from its state.
      if (this.state.waitingFor?.kind === 'delay') {
        this.state.waitingFor = null
        this.state.wakeAt = null
        this.saveState()
      }
      return this.schedule()
    }
    // The watchdog: if this instance dies mid-invocation, the shard's alarm brings the run back.
    this.scheduleAt(Date.now() + settings.watchdogMs)
    this.kick()
  }

  isEnded(): boolean {
    const { status } = this.state
    return status === 'completed' || status === 'failed' || status === 'cancelled' || status === 'deleted'
  }

  /** Journals an event with the next sequence number and sends it to subscribers and the feed. */
  emit(body: RunEventBody): DurablyEvent {
    const { id: runId, jobName, labels } = this.state
    const timestamp = new Date().toISOString()
    const { event, json } = this.journal.appendEvent(
      (sequence) => ({ ...body, runId, jobName, labels, sequence, timestamp }) as DurablyEvent,
    )
    this.broadcast(event, json)
    if (event.type === 'step:complete' || event.type === 'step:fail' || event.type === 'log:write' || event.type === 'step:retry') {
      this.mirror.schedule()
    }
    return event
  }

  /** Sends a journaled event (and its JSON, encoded once for every subscriber) to subscribers and the feed. */
  private broadcast(event: DurablyEvent, json: string): void {
    if (this.subscribers.size > 0) {
      const bytes = encodeEventJson(json, event.sequence)
      for (const subscriber of this.subscribers) subscriber.deliver(event, bytes)
    }
    this.shard.feedFor(event.jobName).add(event)
  }

  putStep(step: JournalStep): void {
    this.journal.putStep(step)
    if (step.status === 'completed') {
      this.state.completedStepCount += 1
      this.state.currentStepIndex = step.index + 1
    }
  }

  /**
   * After each step. A step's journal rows need no explicit sync: the shard's output gate holds every message that
   * leaves it (the next step's fetches, SSE events, D1 batches) until the rows are durable, so nothing outside can
   * see a step's effects before the record that it ran. Every few steps a macrotask lets other requests in.
   */
  async afterStep(): Promise<void> {
    if (++this.stepsSinceYield >= YIELD_EVERY_STEPS) {
      this.stepsSinceYield = 0
      await new Promise((resolve) => setTimeout(resolve, 0))
    }
  }

  /** Adopts the terminal state D1 holds (after a cancel, or a crash between D1's update and our journal). */
  endAs(run: Run): Promise<void> {
    return adoptEnding(this, run)
  }

  /** Journals the run's ending and waits until D1 has it (see run-ending.ts). */
  recordEnding(): Promise<void> {
    return recordEnding(this)
  }

  /** Releases what a finished run held (see run-ending.ts). */
  afterEnd(recorded = true): Promise<void> {
    return releaseEnded(this, recorded)
  }

  /** The run has no due time any more; once D1 has its ending, its journal goes after the retention time. */
  retire(recorded: boolean): void {
    this.shard.unschedule(this.runId)
    if (recorded) this.shard.retire(this.runId)
  }

  /** Starts the child of a parent wait (step.invoke). */
  startChild(waitId: string, jobName: string, input: unknown, labels?: Labels): Promise<string> {
    return startChild(this.bindings, { runId: this.runId, waitId }, jobName, input, labels)
  }

  /** Cancels the child of a wait that timed out. */
  cancelChildOf(waitId: string): Promise<void> {
    return cancelChildren(this.bindings, this.waits.list().filter((wait) => wait.id === waitId).map((wait) => ({ ...wait, status: 'pending' })))
  }

  /** A finished or suspended run without subscribers leaves the shard's memory (its journal stays in storage). */
  releaseIfIdle(): void {
    if (this.subscribers.size === 0 && !this.executing && (!this.runState || this.isEnded() || this.isSuspended())) {
      this.shard.release(this.runId)
    }
  }

  /** The run was deleted from D1: tell subscribers, then forget everything. */
  async purge(): Promise<void> {
    if (this.runState) {
      this.emit({ type: 'run:delete' })
      const key = this.state.concurrencyKey
      if (key) await keyStub(this.bindings, key).release(this.state.id)
    }
    for (const subscriber of this.subscribers) subscriber.close()
    this.shard.unschedule(this.runId)
    this.journal.deleteRun()
    this.runState = null
    this.shard.release(this.runId)
  }

  /** The run as this shard sees it (ahead of D1 while its mirror catches up). */
  view(): Run {
    return stateToRun(this.state, leaseOwnerOf(this.objectId), settings.leaseMs)
  }

  /** For tests and diagnostics: the run as this object sees it. */
  inspect(): { state: RunState | null; lastSequence: number; mirroredSequence: number; subscribers: number } {
    return {
      state: this.runState,
      lastSequence: this.journal.lastSequence,
      mirroredSequence: this.journal.mirroredSequence,
      subscribers: this.subscribers.size,
    }
  }

  /** Sends a mirror batch through the shard's D1 writer (with other runs' batches). */
  submit(statements: SqlStatement[]): Promise<D1Result[]> {
    return this.shard.writer.submit(statements)
  }

  /** D1 has the run's row now: later batches need not insert it. */
  onRecorded(): void {
    this.state.recorded = true
    this.saveState()
  }

  /** D1 refused a fenced write: stop this invocation; the executor then re-syncs with D1. */
  onLeaseLost(): void {
    this.leaseLost = true
    this.controller?.abort(new Error('lease lost'))
  }
}
