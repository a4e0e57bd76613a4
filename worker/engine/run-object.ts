// One Durable Object per run: its only executor while active, its event journal, and the fan-out to its subscribers.
import { DurableObject } from 'cloudflare:workers'
import { feedStub, keyStub, type EngineEnv } from './bindings'
import { getDb } from './db'
import { ConflictError } from './errors'
import type { DurablyEvent, RunEventBody } from './events'
import { FeedOutbox } from './feed-outbox'
import { settings } from './registry'
import { executeInvocation } from './run-executor'
import { RunJournal, type JournalStep, type RunState } from './run-journal'
import { RunMirror } from './run-mirror'
import { openSubscription, snapshotOf } from './run-subscription'
import { cancelRun, getRun } from './run-store'
import { KEEP_ALIVE_MS, encodeEvent } from './sse'
import { KeepAlive, type Subscriber } from './subscriber'
import type { Run } from './types'

/** What the Worker hands a run object when it creates the run. */
export type NewRunState = Pick<RunState, 'id' | 'jobName' | 'input' | 'labels' | 'concurrencyKey' | 'createdAt'>

/** Steps between macrotask yields, so cancels and subscribers get in during tight step loops. */
const YIELD_EVERY_STEPS = 64

export class RunObject extends DurableObject<EngineEnv> {
  journal: RunJournal
  runState: RunState | null
  readonly subscribers = new Set<Subscriber>()
  readonly keepAlive = new KeepAlive(this.subscribers, KEEP_ALIVE_MS)
  readonly mirror = new RunMirror(this.mirrorHost(), () => settings.mirrorDelayMs)
  readonly feed: FeedOutbox
  private executing: Promise<void> | null = null
  controller: AbortController | null = null
  /** Set when D1 refused a fenced write of this object; the executor then re-syncs with D1. */
  leaseLost = false
  private stepsSinceYield = 0

  constructor(ctx: DurableObjectState, env: EngineEnv) {
    super(ctx, env)
    this.journal = new RunJournal(ctx.storage.sql)
    this.runState = this.journal.readState()
    this.feed = new FeedOutbox(() => (this.runState ? feedStub(env, this.runState.jobName) : null))
  }

  get storage(): DurableObjectStorage {
    return this.ctx.storage
  }

  get objectId(): string {
    return this.ctx.id.toString()
  }

  get runId(): string {
    return this.state.id
  }

  /** Kept in memory; after a restart it is read back from the latest stored progress event. */
  setProgress(progress: RunState['progress']): void {
    this.state.progress = progress
  }

  get d1(): D1Database {
    return this.env.DB
  }

  get state(): RunState {
    if (!this.runState) throw new Error('run object has no run')
    return this.runState
  }

  saveState(): void {
    this.journal.writeState(this.state)
  }

  /** Called once by the Worker after it inserted the run in D1: records it and starts (or queues) it. */
  async init(run: NewRunState): Promise<void> {
    if (this.runState) return
    this.runState = {
      ...run,
      status: 'pending',
      generation: 0,
      progress: null,
      output: null,
      error: null,
      currentStepIndex: 0,
      completedStepCount: 0,
      startedAt: null,
      completedAt: null,
      waitingForKey: false,
    }
    this.journal.writeInput(run.input)
    this.saveState()
    this.emit({ type: 'run:trigger', input: run.input })
    await this.schedule()
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
    if (concurrencyKey && !(await keyStub(this.env, concurrencyKey).acquire(id))) {
      this.state.waitingForKey = true
      this.saveState()
      return
    }
    await this.start()
  }

  private async start(): Promise<void> {
    // Not awaited: the output gate holds this call's reply until the alarm is stored.
    this.ctx.storage.setAlarm(Date.now() + settings.watchdogMs).catch(() => {})
    this.kick()
    // A keyed run is shown leased in D1 before its trigger returns, so the key's next trigger queues behind it.
    if (this.state.concurrencyKey) await this.mirror.flush()
  }

  /** Starts an invocation unless one is running in this instance. */
  kick(): void {
    this.executing ??= executeInvocation(this).finally(() => {
      this.executing = null
    })
  }

  /** The durable pointer to what is due next: start, continue after a yield, or resume after a crash. */
  override async alarm(): Promise<void> {
    if (!this.runState || this.isEnded()) return
    if (this.state.waitingForKey) return this.schedule()
    if (this.executing) {
      await this.ctx.storage.setAlarm(Date.now() + settings.watchdogMs)
      return
    }
    this.kick()
    await this.executing
  }

  isEnded(): boolean {
    const { status } = this.state
    return status === 'completed' || status === 'failed' || status === 'cancelled' || status === 'deleted'
  }

  /** Journals an event with the next sequence number and sends it to subscribers and the feed. */
  emit(body: RunEventBody, options: { broadcast?: boolean } = {}): DurablyEvent {
    const { id: runId, jobName, labels } = this.state
    const timestamp = new Date().toISOString()
    const event = this.journal.appendEvent(
      (sequence) => ({ ...body, runId, jobName, labels, sequence, timestamp }) as DurablyEvent,
    )
    if (options.broadcast !== false) this.broadcast(event)
    if (event.type === 'step:complete' || event.type === 'step:fail' || event.type === 'log:write') {
      this.mirror.schedule()
    }
    return event
  }

  broadcast(event: DurablyEvent): void {
    if (this.subscribers.size > 0) {
      const bytes = encodeEvent(event, event.sequence)
      for (const subscriber of this.subscribers) subscriber.deliver(event, bytes)
    }
    this.feed.add(event)
  }

  putStep(step: JournalStep): void {
    this.journal.putStep(step)
    if (step.status === 'completed') {
      this.state.completedStepCount += 1
      this.state.currentStepIndex = step.index + 1
    }
  }

  /** Each step is durable before the next starts; every few steps a macrotask lets other requests in. */
  async durable(): Promise<void> {
    await this.ctx.storage.sync()
    if (++this.stepsSinceYield >= YIELD_EVERY_STEPS) {
      this.stepsSinceYield = 0
      await new Promise((resolve) => setTimeout(resolve, 0))
    }
  }

  /** Cancels the run: the running step's signal fires at once, D1 records `cancelled`, subscribers are told. */
  async cancel(runId: string): Promise<void> {
    if (!this.runState) return this.cancelUnknown(runId)
    if (this.isEnded()) throw new ConflictError(`Cannot cancel ${this.state.status} run: ${this.state.id}`)
    this.controller?.abort(new Error('cancelled'))
    await this.mirror.flush()
    const run = await cancelRun(getDb(this.d1), this.state.id, new Date().toISOString())
    if (!run) {
      const current = await getRun(getDb(this.d1), this.state.id)
      throw new ConflictError(`Cannot cancel run ${this.state.id}: it is ${current?.status ?? 'gone'}`)
    }
    await this.endAs(run)
  }

  /** A run the Worker knows but this object never recorded (e.g. its init call was lost). */
  private async cancelUnknown(runId: string): Promise<void> {
    const run = await cancelRun(getDb(this.d1), runId, new Date().toISOString())
    if (!run) throw new ConflictError(`Cannot cancel run ${runId}: it is not active`)
  }

  /** Adopts the terminal state D1 holds (after a cancel, or a crash between D1's update and our journal). */
  async endAs(run: Run): Promise<void> {
    const state = this.state
    state.status = run.status
    state.output = run.output
    state.error = run.error
    state.completedAt = run.completedAt
    state.progress = run.progress ?? state.progress
    this.saveState()
    if (run.status === 'cancelled') this.emit({ type: 'run:cancel' })
    else if (run.status === 'completed') this.emit({ type: 'run:complete', output: run.output, duration: 0 })
    else if (run.status === 'failed') this.emit({ type: 'run:fail', error: run.error ?? 'failed', failedStepName: '' })
    await this.afterEnd()
  }

  /** Releases what a finished run held: its concurrency key, its alarm, its feed batch. */
  async afterEnd(): Promise<void> {
    await this.ctx.storage.deleteAlarm()
    await this.feed.flush()
    const key = this.state.concurrencyKey
    if (key) await keyStub(this.env, key).release(this.state.id)
  }

  /** The run was deleted from D1: tell subscribers, then forget everything. */
  async purge(): Promise<void> {
    if (this.runState) {
      this.emit({ type: 'run:delete' })
      await this.feed.flush()
      const key = this.state.concurrencyKey
      if (key) await keyStub(this.env, key).release(this.state.id)
    }
    for (const subscriber of this.subscribers) subscriber.close()
    await this.ctx.storage.deleteAlarm()
    await this.ctx.storage.deleteAll()
    this.runState = null
    this.journal = new RunJournal(this.ctx.storage.sql)
  }

  /** GET /subscribe?lastEventId=&throttleMs=: the run's SSE stream. */
  override async fetch(request: Request): Promise<Response> {
    if (!this.runState) {
      const run = await getRun(getDb(this.d1), new URL(request.url).searchParams.get('runId') ?? '')
      if (!run) return Response.json({ error: 'Run not found' }, { status: 404 })
      return openSubscription(this, request, snapshotOf(run))
    }
    return openSubscription(this, request, null)
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

  private mirrorHost() {
    const self = this
    return {
      get d1() {
        return self.d1
      },
      get journal() {
        return self.journal
      },
      get state() {
        return self.state
      },
      onLeaseLost() {
        self.leaseLost = true
        self.controller?.abort(new Error('lease lost'))
      },
    }
  }
}
