// The durable waits of one run in its shard: preparing and taking them for the job, signals from outside (the first
// signal or the deadline wins), closing them with the run, and keeping D1's copy in step.
import { upsertWaitsStatement } from '../d1/wait-store'
import type { SqlStatement } from '../d1/db'
import { ConflictError, GoneError, NotFoundError } from '../errors'
import type { DurableWait, DurableWaitResult, WaitingFor } from '../protocol/records'
import type { SignalReceipt } from './wait-types'
import { canonicalJson } from './canonical-json'
import { WaitJournal } from './wait-journal'
import { toDurableWait, type WaitRow } from './wait-record'

/** What the waits of a run need from the run that holds them. */
export interface WaitsHost {
  readonly runId: string
  readonly runState: { status: string; waitingFor?: WaitingFor | null } | null
  isEnded(): boolean
  /** The run waits on a wait that is now resolved: it resumes at once. */
  wakeNow(): void
  submit(statements: SqlStatement[]): Promise<D1Result[]>
  /** Registers a wait with the index of its event name (idempotent). */
  subscribeEvent(eventName: string, waitId: string, match: unknown): Promise<void>
}

export type { SignalReceipt }

export class RunWaits {
  readonly journal: WaitJournal
  private syncing: Promise<void> = Promise.resolve()

  constructor(
    sql: SqlStorage,
    private readonly host: WaitsHost,
  ) {
    this.journal = new WaitJournal(sql, host.runId)
  }

  /** The wait named `name` (prepared now the first time; its id and deadline fixed from then on). */
  prepare(name: string, metadata: unknown, timeoutMs: number | undefined): DurableWait {
    const row = this.journal.prepare(name, metadata, timeoutMs)
    void this.sync()
    return toDurableWait(row)
  }

  /**
   * The result of wait `id` when it has one (a pending wait past its deadline resolves as a timeout here); null while
   * it is pending; undefined for a wait this run never prepared.
   */
  take(id: string): DurableWaitResult | null | undefined {
    let row = this.journal.byId(id)
    if (!row) return undefined
    if (row.status === 'pending' && row.deadline_at !== null && Date.now() >= Date.parse(row.deadline_at)) {
      this.journal.resolve(id, 'timeout')
      row = this.journal.byId(id) as WaitRow
    }
    if (row.outcome === null) return null
    if (row.suspended_at !== null) this.journal.markResumed(id)
    void this.sync()
    return row.outcome === 'signal' ? { type: 'signal', payload: row.payload === null ? null : JSON.parse(row.payload) } : { type: 'timeout' }
  }

  /** Wait `waitId` takes the next event `eventName` whose payload has the `match` fields. */
  subscribeEvent(eventName: string, waitId: string, match: unknown): Promise<void> {
    return this.host.subscribeEvent(eventName, waitId, match)
  }

  /** The run suspends on wait `id`. */
  suspendOn(id: string): void {
    this.journal.markSuspended(id)
  }

  /** A signal from outside for wait `waitId`; the same signal again is a duplicate, anything else after the first a conflict. */
  signal(waitId: string, signalId: string, payload: unknown): SignalReceipt {
    const row = this.journal.byId(waitId)
    if (!row) throw new NotFoundError(`Wait not found in run ${this.host.runId}: ${waitId}`)
    const decided = decideOnResolved(row, signalId, payload)
    if (decided) return decided
    if (this.host.isEnded()) throw new ConflictError(`Run ${this.host.runId} is ${this.host.runState?.status}: it takes no more signals`)
    if (row.deadline_at !== null && Date.now() >= Date.parse(row.deadline_at)) {
      this.journal.resolve(waitId, 'timeout')
      this.wakeIfWaitingOn(waitId)
      void this.sync()
      throw new GoneError(`Wait ${waitId} passed its deadline (${row.deadline_at})`)
    }
    this.journal.resolve(waitId, 'signal', { signalId, payload })
    // D1's copy follows with the run's next step (it resumes now when it waits on this wait): reads ask the shard first.
    this.wakeIfWaitingOn(waitId)
    return { wait: toDurableWait(this.journal.byId(waitId) as WaitRow), disposition: 'accepted' }
  }

  private wakeIfWaitingOn(waitId: string): void {
    const state = this.host.runState
    if (state?.status === 'waiting' && state.waitingFor?.waitId === waitId) this.host.wakeNow()
  }

  /** The run ended: waits still pending end with it (cancelled when the run was). */
  close(status: 'cancelled' | 'closed'): Promise<void> {
    this.journal.closePending(status)
    return this.sync()
  }

  list(): DurableWait[] {
    return this.journal.all().map(toDurableWait)
  }

  /** Sends D1 the waits that changed since it last got them (one at a time, in order; failures are retried next time). */
  sync(): Promise<void> {
    this.syncing = this.syncing.then(async () => {
      const changed = this.journal.unsynced()
      if (changed.length === 0) return
      await this.host.submit([upsertWaitsStatement(changed.map((change) => change.row))])
      this.journal.acknowledge(changed.map((change) => ({ id: change.row.id, version: change.version })))
    }).catch((error: unknown) => console.warn(`run ${this.host.runId}: could not copy its waits to D1: ${String(error)}`))
    return this.syncing
  }
}

/** The answer to a signal for a wait that already has its result: the same signal is a duplicate; others are refused. */
export function decideOnResolved(row: WaitRow, signalId: string, payload: unknown): SignalReceipt | null {
  if (row.outcome === 'signal') {
    const same = row.signal_id === signalId && row.payload !== null && canonicalJson(JSON.parse(row.payload)) === canonicalJson(payload)
    if (same) return { wait: toDurableWait(row), disposition: 'duplicate' }
    throw new ConflictError(`Wait ${row.id} already has a signal (${row.signal_id}); it cannot be replaced`)
  }
  if (row.outcome === 'timeout') throw new GoneError(`Wait ${row.id} passed its deadline (${row.deadline_at})`)
  if (row.status !== 'pending') throw new ConflictError(`Wait ${row.id} is ${row.status}: its run ended`)
  return null
}
