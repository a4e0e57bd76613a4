// A run's journal in its shard's SQLite storage: the run's state, its steps and every event with its sequence number.
import type { DurablyEvent } from '../protocol/events'
import { createWaitTables } from '../waits/wait-journal'
import type { Labels, ProgressData, RunStatus, StepStatus, WaitingFor } from '../types'

/** What a run's shard knows of it; enough to execute it and to answer a subscriber without D1. */
export interface RunState {
  id: string
  jobName: string
  input: unknown
  labels: Labels
  concurrencyKey: string | null
  status: RunStatus | 'deleted'
  generation: number
  progress: ProgressData | null
  output: unknown
  error: string | null
  currentStepIndex: number
  completedStepCount: number
  startedAt: string | null
  completedAt: string | null
  createdAt: string
  /** The run waits for its concurrency key's lease. */
  waitingForKey: boolean
  /** False while D1 has no row for the run yet: the shard inserts it with its first batch. Absent means true. */
  recorded?: boolean
  idempotencyKey?: string | null
  /** When a waiting run resumes, or a delayed pending run starts (ISO 8601); absent means none. */
  wakeAt?: string | null
  /** The run that invoked this one (step.invoke), told of its ending; absent means none. */
  parent?: { runId: string; waitId: string } | null
  /** Steps copied from another run before this one started (a rerun from a step); absent means none. */
  seededSteps?: number
  /** What a waiting (or delayed) run waits for; absent means nothing. */
  waitingFor?: WaitingFor | null
}

export interface JournalStep {
  index: number
  id: string
  name: string
  status: StepStatus
  output: string | null
  error: string | null
  startedAt: string
  completedAt: string | null
}

/** Earlier attempts of one step, as its events record them (see `RunJournal.priorAttempts`). */
export interface PriorAttempts {
  started: number
  ended: number
  interrupted: number
  lastStartedAt: string | null
}

type StepRow = {
  idx: number
  id: string
  name: string
  status: string
  output: string | null
  error: string | null
  started_at: string
  completed_at: string | null
}

function toJournalStep(row: StepRow): JournalStep {
  return {
    index: row.idx,
    id: row.id,
    name: row.name,
    status: row.status as StepStatus,
    output: row.output,
    error: row.error,
    startedAt: row.started_at,
    completedAt: row.completed_at,
  }
}

const SCHEMA = [
  // kind 1: the run's lifecycle fields; kind 2: its input (written once).
  'CREATE TABLE IF NOT EXISTS run_state (run_id TEXT NOT NULL, kind INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (run_id, kind))',
  'CREATE TABLE IF NOT EXISTS run_meta (run_id TEXT NOT NULL, key TEXT NOT NULL, value INTEGER NOT NULL, PRIMARY KEY (run_id, key))',
  `CREATE TABLE IF NOT EXISTS run_steps (run_id TEXT NOT NULL, idx INTEGER NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL,
    status TEXT NOT NULL, output TEXT, error TEXT, started_at TEXT NOT NULL, completed_at TEXT, PRIMARY KEY (run_id, idx))`,
  `CREATE TABLE IF NOT EXISTS run_events (run_id TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL, body TEXT NOT NULL,
    PRIMARY KEY (run_id, seq))`,
]

/** Creates the journal tables of a shard (idempotent). */
export function createJournalTables(sql: SqlStorage): void {
  for (const statement of SCHEMA) sql.exec(statement)
  createWaitTables(sql)
}

/** Fields kept in memory while running and derived from the steps and events tables when an object starts. */
type DerivedFields = 'input' | 'progress' | 'currentStepIndex' | 'completedStepCount'

/** Synchronous access to the journal; writes made without an await between them commit together. */
export class RunJournal {
  /** Read on first use: a journal opened only to read the run's state never needs it. */
  private latest: number | null = null
  private mirrored: number | null = null
  /** Steps this object wrote and the mirror has not read back yet (so it needs no query for them). */
  private readonly unread = new Map<number, JournalStep>()

  constructor(
    private readonly sql: SqlStorage,
    private readonly runId: string,
  ) {}

  private get sequence(): number {
    this.latest ??= this.sql
      .exec<{ n: number }>('SELECT coalesce(max(seq), 0) AS n FROM run_events WHERE run_id = ?', this.runId)
      .one().n
    return this.latest
  }

  private set sequence(value: number) {
    this.latest = value
  }

  /** A run being recorded for the first time has no events yet, and none mirrored: nothing to look up. */
  startEmpty(): void {
    this.latest = 0
    this.mirrored = 0
  }

  /** The sequence number of the latest stored event (0 before the first). */
  get lastSequence(): number {
    return this.sequence
  }

  readState(): RunState | null {
    const { sql, runId } = this
    const row = sql.exec<{ body: string }>('SELECT body FROM run_state WHERE run_id = ? AND kind = 1', runId).toArray()[0]
    if (!row) return null
    const input = sql.exec<{ body: string }>('SELECT body FROM run_state WHERE run_id = ? AND kind = 2', runId).toArray()[0]
    const progress = sql
      .exec<{ body: string }>(
        "SELECT body FROM run_events WHERE run_id = ? AND type = 'run:progress' ORDER BY seq DESC LIMIT 1",
        runId,
      )
      .toArray()[0]
    const steps = sql
      .exec<{ n: number; last: number | null }>(
        "SELECT count(*) AS n, max(idx) AS last FROM run_steps WHERE run_id = ? AND status = 'completed'",
        runId,
      )
      .one()
    return {
      ...(JSON.parse(row.body) as Omit<RunState, DerivedFields>),
      input: input ? JSON.parse(input.body) : null,
      progress: progress ? (JSON.parse(progress.body) as { progress: RunState['progress'] }).progress : null,
      completedStepCount: steps.n,
      currentStepIndex: steps.last === null ? 0 : steps.last + 1,
    }
  }

  /** Stores the run's lifecycle fields (cheap: the input is stored once, progress and counts are derived). */
  writeState(state: RunState): void {
    const { input, progress, currentStepIndex, completedStepCount, ...lifecycle } = state
    this.sql.exec('INSERT OR REPLACE INTO run_state (run_id, kind, body) VALUES (?, 1, ?)', this.runId, JSON.stringify(lifecycle))
  }

  writeInput(input: unknown): void {
    this.sql.exec('INSERT OR REPLACE INTO run_state (run_id, kind, body) VALUES (?, 2, ?)', this.runId, JSON.stringify(input ?? null))
  }

  /** The last sequence number D1 has (read once, then kept with every write). */
  get mirroredSequence(): number {
    this.mirrored ??=
      this.sql
        .exec<{ value: number }>("SELECT value FROM run_meta WHERE run_id = ? AND key = 'mirrored'", this.runId)
        .toArray()[0]?.value ?? 0
    return this.mirrored
  }

  set mirroredSequence(value: number) {
    this.sql.exec("INSERT OR REPLACE INTO run_meta (run_id, key, value) VALUES (?, 'mirrored', ?)", this.runId, value)
    this.mirrored = value
  }

  /** The journal, by step index. */
  steps(): Map<number, JournalStep> {
    const steps = new Map<number, JournalStep>()
    for (const row of this.sql.exec<StepRow>('SELECT * FROM run_steps WHERE run_id = ? ORDER BY idx', this.runId)) {
      steps.set(row.idx, toJournalStep(row))
    }
    return steps
  }

  /** The run's newest `limit` steps, newest first, and how many steps it has in all. */
  newestSteps(limit: number): { newestFirst: JournalStep[]; total: number } {
    const rows = this.sql
      .exec<StepRow & { total: number }>(
        'SELECT *, count(*) OVER () AS total FROM run_steps WHERE run_id = ? ORDER BY idx DESC LIMIT ?',
        this.runId,
        limit,
      )
      .toArray()
    return { newestFirst: rows.map(toJournalStep), total: rows[0]?.total ?? 0 }
  }

  /** One step of the journal; one this object just wrote comes from memory, once. */
  step(index: number): JournalStep | undefined {
    const written = this.unread.get(index)
    if (written) {
      this.unread.delete(index)
      return written
    }
    const row = this.sql.exec<StepRow>('SELECT * FROM run_steps WHERE run_id = ? AND idx = ?', this.runId, index).toArray()[0]
    return row ? toJournalStep(row) : undefined
  }

  putStep(step: JournalStep): void {
    this.unread.set(step.index, { ...step })
    this.sql.exec(
      'INSERT OR REPLACE INTO run_steps (run_id, idx, id, name, status, output, error, started_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      this.runId,
      step.index,
      step.id,
      step.name,
      step.status,
      step.output,
      step.error,
      step.startedAt,
      step.completedAt,
    )
  }

  /** Stores an event under the next sequence number; returns it with its JSON (reused for SSE). */
  appendEvent(build: (sequence: number) => DurablyEvent): { event: DurablyEvent; json: string } {
    const event = build(this.sequence + 1)
    const json = JSON.stringify(event)
    this.sql.exec('INSERT INTO run_events (run_id, seq, type, body) VALUES (?, ?, ?, ?)', this.runId, event.sequence, event.type, json)
    this.sequence = event.sequence
    return { event, json }
  }

  /**
   * What the journal holds of step `index`'s earlier attempts: how many started, how many of those ended (failed,
   * timed out, or found cut off), how many were cut off by a restart, and when the latest one started.
   */
  priorAttempts(index: number): PriorAttempts {
    const rows = this.sql
      .exec<{ type: string; outcome: string | null; timestamp: string }>(
        `SELECT type, json_extract(body, '$.outcome') AS outcome, json_extract(body, '$.timestamp') AS timestamp FROM run_events
          WHERE run_id = ? AND type IN ('step:start', 'step:retry') AND json_extract(body, '$.stepIndex') = ? ORDER BY seq`,
        this.runId,
        index,
      )
      .toArray()
    const prior: PriorAttempts = { started: 0, ended: 0, interrupted: 0, lastStartedAt: null }
    for (const row of rows) {
      if (row.type === 'step:start') {
        prior.started++
        prior.lastStartedAt = row.timestamp
      } else {
        prior.ended++
        if (row.outcome === 'interrupted') prior.interrupted++
      }
    }
    return prior
  }

  /** Stored events after `afterSequence`, oldest first, at most `limit`. */
  eventsAfter(afterSequence: number, limit = 1000): DurablyEvent[] {
    return this.sql
      .exec<{ body: string }>(
        'SELECT body FROM run_events WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?',
        this.runId,
        afterSequence,
        limit,
      )
      .toArray()
      .map((row) => JSON.parse(row.body) as DurablyEvent)
  }

  /**
   * The newest stored events of the given types, oldest first: at most `limit`, and no more than `maxBytes` of JSON
   * (the newest one always). `omitted` says whether older ones of those types were left out.
   */
  newestEventsOf(types: readonly string[], limit: number, maxBytes = Infinity): { events: DurablyEvent[]; omitted: boolean } {
    const marks = types.map(() => '?').join(', ')
    const cursor = this.sql.exec<{ body: string }>(
      `SELECT body FROM run_events WHERE run_id = ? AND type IN (${marks}) ORDER BY seq DESC LIMIT ?`,
      this.runId,
      ...types,
      limit + 1,
    )
    const events: DurablyEvent[] = []
    let bytes = 0
    for (const { body } of cursor) {
      bytes += body.length
      if (events.length === limit || (events.length > 0 && bytes > maxBytes)) return { events: events.reverse(), omitted: true }
      events.push(JSON.parse(body) as DurablyEvent)
    }
    return { events: events.reverse(), omitted: false }
  }

  /** Forgets the run entirely (it was deleted). */
  deleteRun(): void {
    for (const table of ['run_state', 'run_meta', 'run_steps', 'run_events', 'run_waits']) {
      this.sql.exec(`DELETE FROM ${table} WHERE run_id = ?`, this.runId)
    }
    this.sequence = 0
    this.mirrored = null
    this.unread.clear()
  }
}
