// A run shard (Durable Object): hosts the runs whose ids name it, keeps their journals, and wakes them by alarm.
import { DurableObject } from 'cloudflare:workers'
import { feedStub, gatewayStub, type EngineEnv } from '../bindings'
import { FeedOutbox } from '../feed/feed-outbox'
import { FlushQueue } from '../stream/flush-queue'
import { cancelHostedRun } from './run-cancel'
import { subscribeToRun, type StreamOptions } from './run-subscription'
import { JournalRetention } from './journal-retention'
import type { LeasedStream } from '../stream/stream-lease'
import { RunHost, type NewRunState } from './run-host'
import { RunJournal, createJournalTables, type RunState } from './run-journal'
import { settings } from '../registry'
import { leaseOwnerOf, stateToRun } from './run-view'
import type { RunShardRpc, SignalOutcome } from '../rpc'
import { DurablyError } from '../errors'
import { WaitJournal } from '../waits/wait-journal'
import { toDurableWait } from '../waits/wait-record'
import type { D1Sink, ShardContext } from './ports'
import type { DurableWait, Labels, Run } from '../types'

/** How much earlier than asked a run's due time may already be for the shard to leave it as it is. */
const RESCHEDULE_SLACK_MS = 500

/**
 * One alarm serves every run of the shard: the `due` table holds each run's next due time, and the alarm points at
 * the earliest. Runs are kept in memory only while they execute or have subscribers.
 */
export class RunShard extends DurableObject<EngineEnv> implements ShardContext, RunShardRpc {
  private readonly hosts = new Map<string, RunHost>()
  readonly writer: D1Sink = { submit: (statements) => gatewayStub(this.env).submit(statements) }
  readonly flushes = new FlushQueue()
  private readonly feeds = new Map<string, FeedOutbox>()
  /** Due times this instance wrote (the `due` table is the record; this only saves rewriting it). */
  private readonly dueAt = new Map<string, number>()
  /** The alarm time last set (epoch ms), or null when none is pending. */
  private alarmAt: number | null = null
  private readonly retention: JournalRetention

  constructor(ctx: DurableObjectState, env: EngineEnv) {
    super(ctx, env)
    createJournalTables(ctx.storage.sql)
    ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS due (run_id TEXT PRIMARY KEY, at INTEGER NOT NULL)')
    this.retention = new JournalRetention(ctx.storage.sql)
    ctx.blockConcurrencyWhile(async () => {
      this.alarmAt = await ctx.storage.getAlarm()
    })
  }

  get storage(): DurableObjectStorage {
    return this.ctx.storage
  }

  get bindings(): EngineEnv {
    return this.env
  }

  get objectId(): string {
    return this.ctx.id.toString()
  }

  feedFor(jobName: string): FeedOutbox {
    let outbox = this.feeds.get(jobName)
    if (!outbox) {
      outbox = new FeedOutbox(() => feedStub(this.env, jobName))
      this.feeds.set(jobName, outbox)
    }
    return outbox
  }

  private host(runId: string): RunHost {
    let host = this.hosts.get(runId)
    if (!host) {
      host = new RunHost(this, runId)
      this.hosts.set(runId, host)
    }
    return host
  }

  schedule(runId: string, at: number, exact = false): void {
    // A due time already set a little earlier serves as well (the run is then found running and rescheduled): a run
    // is scheduled three times as it starts, and the heartbeat once a second after that.
    const known = this.dueAt.get(runId)
    if (known !== undefined && known <= at && (exact ? known === at : at - known < RESCHEDULE_SLACK_MS)) return
    this.ctx.storage.sql.exec('INSERT OR REPLACE INTO due (run_id, at) VALUES (?, ?)', runId, at)
    this.dueAt.set(runId, at)
    if (this.alarmAt === null || at < this.alarmAt) this.setAlarm(at)
  }

  unschedule(runId: string): void {
    this.ctx.storage.sql.exec('DELETE FROM due WHERE run_id = ?', runId)
    this.dueAt.delete(runId)
  }

  release(runId: string): void {
    this.hosts.delete(runId)
  }

  retire(runId: string): void {
    this.retention.retire(runId, Date.now())
    // Usually an alarm is pending already (the run's watchdog), and the sweep is pointed at when it fires.
    if (this.alarmAt === null) this.pointAlarm()
  }

  private setAlarm(at: number): void {
    this.alarmAt = at
    this.ctx.storage.setAlarm(at).catch(() => {})
  }

  /** Called by the Worker once it inserted the run in D1: records it and starts (or queues) it. */
  init(run: NewRunState): Promise<void> {
    return this.host(run.id).init(run)
  }

  /** Records and starts several new runs of this shard (one call for a batch trigger). */
  async initMany(runs: NewRunState[]): Promise<void> {
    await Promise.all(runs.map((run) => this.host(run.id).init(run)))
  }

  /** The run's concurrency key is now its own. */
  wake(runId: string): Promise<void> {
    return this.host(runId).wake()
  }

  cancel(runId: string): Promise<void> {
    return cancelHostedRun(this.host(runId), runId)
  }

  /** Resolves once everything the run journaled so far is in D1 (at once for a run not in memory: nothing pends). */
  async settle(runId: string): Promise<void> {
    await this.hosts.get(runId)?.mirror.flush()
  }

  purge(runId: string): Promise<void> {
    return this.host(runId).purge()
  }

  async purgeMany(runIds: string[]): Promise<void> {
    await Promise.all(runIds.map((runId) => this.host(runId).purge()))
  }

  /**
   * The run's SSE stream, over RPC rather than `fetch`: a stub fetch is a subrequest, and under `wrangler dev` every
   * chunk of a subrequest's body is reported to the attached inspector, which cost more than the stream itself. The
   * subscriber lives as long as the returned lease.
   */
  openStream(runId: string, options: StreamOptions): Promise<LeasedStream> {
    return subscribeToRun(this.host(runId), options)
  }

  /**
   * Starts every due run and returns at once, so one long invocation never holds back the next alarm: a run that is
   * executing keeps its due time a few seconds ahead (its heartbeat), which is what brings it back after a crash.
   * Then sweeps the journals of runs that ended longer than the retention time ago.
   */
  override async alarm(): Promise<void> {
    this.alarmAt = null
    const now = Date.now()
    const due = this.ctx.storage.sql
      .exec<{ run_id: string }>('SELECT run_id FROM due WHERE at <= ? ORDER BY at LIMIT 500', now)
      .toArray()
    for (const { run_id } of due) {
      this.host(run_id)
        .onDue()
        .catch((error: unknown) => console.error(`run ${run_id}: ${String(error)}`))
    }
    this.retention.sweep(now, settings.journalRetentionMs, (runId) => this.hosts.has(runId))
    this.pointAlarm()
  }

  /** Points the alarm at the earliest due run or sweep, unless it is set earlier already. */
  private pointAlarm(): void {
    const due = this.ctx.storage.sql.exec<{ at: number | null }>('SELECT min(at) AS at FROM due').one().at
    const sweep = this.retention.nextSweepAt(settings.journalRetentionMs)
    const next = due === null ? sweep : sweep === null ? due : Math.min(due, sweep)
    if (next !== null && (this.alarmAt === null || next < this.alarmAt)) this.setAlarm(Math.max(next, Date.now()))
  }

  /** A run as this shard sees it, or null if the shard never recorded it (or it was deleted). */
  view(runId: string): Run | null {
    const host = this.hosts.get(runId)
    if (host) return host.runState ? host.view() : null
    const state = new RunJournal(this.ctx.storage.sql, runId).readState()
    return state ? stateToRun(state, leaseOwnerOf(this.objectId), settings.leaseMs) : null
  }

  waits(runId: string): DurableWait[] | null {
    const host = this.hosts.get(runId)
    if (host) return host.runState ? host.waits.list() : null
    if (!new RunJournal(this.ctx.storage.sql, runId).readState()) return null
    return new WaitJournal(this.ctx.storage.sql, runId).all().map(toDurableWait)
  }

  signal(runId: string, waitId: string, signal: { signalId: string; payload: unknown }): SignalOutcome | null {
    const host = this.host(runId)
    if (!host.runState) {
      this.release(runId)
      return null
    }
    try {
      return { ok: true, receipt: host.waits.signal(waitId, signal.signalId, signal.payload) }
    } catch (error) {
      if (error instanceof DurablyError && (error.statusCode === 404 || error.statusCode === 409 || error.statusCode === 410)) {
        return { ok: false, status: error.statusCode, message: error.message }
      }
      throw error
    } finally {
      host.releaseIfIdle()
    }
  }

  coalesced(runId: string, skipped: { skippedInput: unknown; skippedLabels: Labels }): void {
    const host = this.host(runId)
    if (host.runState && !host.isEnded()) host.emit({ type: 'run:coalesced', ...skipped })
    host.releaseIfIdle()
  }

  /** Signals for several runs of this shard in one call (an event that resolves many waits): outcomes in order. */
  signalMany(signals: { runId: string; waitId: string; signalId: string; payload: unknown }[]): (SignalOutcome | null)[] {
    return signals.map(({ runId, waitId, signalId, payload }) => {
      try {
        return this.signal(runId, waitId, { signalId, payload })
      } catch (error) {
        return { ok: false, status: 409, message: String(error) }
      }
    })
  }

  /** For tests and diagnostics: a run as its shard sees it. */
  inspect(runId: string): { state: RunState | null; lastSequence: number; mirroredSequence: number; subscribers: number } {
    return this.host(runId).inspect()
  }
}
