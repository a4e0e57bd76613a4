// Mirrors a run's journal to D1: batches of fenced step, log and position writes, in sequence order.
import type { SqlStatement } from '../d1/db'
import { insertRunStatements, type NewRun } from '../d1/run-store'
import type { DurablyEvent, EventOf } from '../protocol/events'
import type { RunJournal, RunState } from './run-journal'
import {
  claimStatement,
  finishRunStatement,
  insertClaimedRunStatements,
  insertLogsStatement,
  insertStepsStatement,
  suspendRunStatement,
  updatePositionStatement,
  type Claim,
  type Fence,
  type LogRecord,
  type RunEnding,
  type RunSuspension,
  type StepRecord,
} from '../d1/fenced-writes'
import { insertAttemptsStatement, type AttemptRecord } from '../d1/attempt-store'

const CHUNK = 200

/** The attempt a step:retry or step:fail event ended. */
function attemptOf(event: EventOf<'step:retry'> | EventOf<'step:fail'>): AttemptRecord {
  return {
    stepIndex: event.stepIndex,
    stepName: event.stepName,
    attempt: event.attempt ?? 1,
    outcome: event.outcome ?? 'failed',
    error: event.error,
    stack: event.stack ?? null,
    startedAt: event.attemptStartedAt ?? event.timestamp,
    endedAt: event.outcome === 'interrupted' ? null : event.timestamp,
    metadata: event.metadata === undefined ? null : JSON.stringify(event.metadata),
  }
}

/** The D1 row of a run the shard recorded before D1, as a trigger would have inserted it. */
function newRunOf(state: RunState): NewRun {
  const { id, jobName, input, labels, concurrencyKey, createdAt } = state
  return { id, jobName, input, labels, concurrencyKey, idempotencyKey: state.idempotencyKey ?? null, now: createdAt }
}

/**
 * The statements that open a batch: the run's insert if D1 may not have it (a no-op if an earlier batch inserted it)
 * and the claim of this invocation's lease, as one upsert when there are both.
 */
function openingStatements(state: RunState, fence: Fence, claim: Claim | null, unrecorded: boolean): SqlStatement[] {
  if (unrecorded && claim) return insertClaimedRunStatements(newRunOf(state), fence, claim, new Date())
  const statements = unrecorded ? insertRunStatements(newRunOf(state), true) : []
  if (claim) statements.push(claimStatement(fence, claim, new Date()))
  return statements
}

export interface MirrorHost {
  /** Sends a batch, possibly together with other runs' batches. */
  submit(statements: SqlStatement[]): Promise<D1Result[]>
  readonly journal: RunJournal
  readonly state: RunState
  /** D1 has the run's row now (it was inserted by this mirror's batch). */
  onRecorded(): void
  /** D1 refused a fenced write: another executor or a cancel owns the run now. */
  onLeaseLost(): void
}

export class RunMirror {
  private timer: ReturnType<typeof setTimeout> | null = null
  /** The lease this invocation still has to take with its next batch. */
  private claim: Claim | null = null
  private chain: Promise<boolean> = Promise.resolve(true)

  constructor(
    private readonly host: MirrorHost,
    private readonly delayMs: () => number,
  ) {}

  /** The next batch starts by claiming the lease for the run's current generation. */
  claimWith(claim: Claim): void {
    this.claim = claim
  }

  /** Mirrors soon, coalescing everything recorded until then into one batch. */
  schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = null
      this.flush().catch(() => {})
    }, this.delayMs())
  }

  /** Mirrors everything journaled so far (and the run's ending or suspension, if given). False when the lease was lost. */
  flush(ending?: RunEnding | RunSuspension): Promise<boolean> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.chain = this.chain.then(
      () => this.drain(ending),
      () => this.drain(ending),
    )
    return this.chain
  }

  private async drain(ending?: RunEnding | RunSuspension): Promise<boolean> {
    const { journal, state } = this.host
    const fence: Fence = { runId: state.id, generation: state.generation }
    for (let round = 0; round < 10_000; round++) {
      const mirrored = journal.mirroredSequence
      const events = journal.eventsAfter(mirrored, CHUNK)
      const last = events.at(-1)?.sequence ?? mirrored
      const isFinal = events.length < CHUNK
      const unrecorded = state.recorded === false
      if (events.length === 0 && !ending && !this.claim && !unrecorded) return true
      const statements = this.statementsFor(events, fence)
      if (statements.length === 0 && !ending && isFinal && !this.claim && !unrecorded) {
        // Nothing D1 shows changed (lifecycle events are written by claim and finish): skip the round trip.
        journal.mirroredSequence = last
        return true
      }
      const position = {
        progress: state.progress,
        currentStepIndex: state.currentStepIndex,
        completedStepCount: state.completedStepCount,
        lastSequence: last,
        now: new Date().toISOString(),
      }
      // The last statement is fenced: D1 changing nothing there means the lease is lost.
      statements.push(
        !isFinal || !ending
          ? updatePositionStatement(fence, position)
          : ending.status === 'waiting'
            ? suspendRunStatement(fence, ending, position)
            : finishRunStatement(fence, ending, position),
      )
      const claim = this.claim
      statements.unshift(...openingStatements(state, fence, claim, unrecorded))
      const results = await this.host.submit(statements)
      if ((results.at(-1)?.meta.changes ?? 0) === 0) {
        this.host.onLeaseLost()
        return false
      }
      if (unrecorded) this.host.onRecorded()
      if (claim === this.claim) this.claim = null
      journal.mirroredSequence = last
      if (isFinal) return true
    }
    return true
  }

  /** At most three statements for a chunk of events: its steps, its log lines and its ended attempts. */
  private statementsFor(events: DurablyEvent[], fence: Fence): SqlStatement[] {
    const { journal } = this.host
    const steps: StepRecord[] = []
    const logs: LogRecord[] = []
    const attempts: AttemptRecord[] = []
    for (const event of events) {
      if (event.type === 'step:complete' || event.type === 'step:fail' || event.type === 'step:cancel') {
        const step = journal.step(event.stepIndex)
        if (step) steps.push(event.type === 'step:complete' && event.metadata !== undefined ? { ...step, attemptMetadata: JSON.stringify(event.metadata) } : step)
        if (event.type === 'step:fail' && event.attempt !== undefined) attempts.push(attemptOf(event))
      } else if (event.type === 'step:retry') {
        attempts.push(attemptOf(event))
      } else if (event.type === 'log:write') {
        logs.push({
          id: `${event.runId}:${event.sequence}`,
          sequence: event.sequence,
          stepName: event.stepName,
          level: event.level,
          message: event.message,
          data: event.data === null || event.data === undefined ? null : JSON.stringify(event.data),
          createdAt: event.timestamp,
        })
      }
    }
    const statements: SqlStatement[] = []
    if (steps.length > 0) statements.push(insertStepsStatement(fence, steps))
    if (logs.length > 0) statements.push(insertLogsStatement(fence, logs))
    if (attempts.length > 0) statements.push(insertAttemptsStatement(fence, attempts))
    return statements
  }
}
