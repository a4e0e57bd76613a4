// A run object's own SQLite storage: the run's state, its step journal and every event with its sequence number.
import type { DurablyEvent } from './events'
import type { Labels, ProgressData, RunStatus, StepStatus } from './types'

/** What a run object knows of its run; enough to execute it and to answer a subscriber without D1. */
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
  // Row 1: the run's lifecycle fields; row 2: its input (written once).
  'CREATE TABLE IF NOT EXISTS state (id INTEGER PRIMARY KEY, body TEXT NOT NULL)',
  'CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)',
  `CREATE TABLE IF NOT EXISTS steps (idx INTEGER PRIMARY KEY, id TEXT NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL,
    output TEXT, error TEXT, started_at TEXT NOT NULL, completed_at TEXT)`,
  'CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, type TEXT NOT NULL, body TEXT NOT NULL)',
]

/** Fields kept in memory while running and derived from the steps and events tables when an object starts. */
type DerivedFields = 'input' | 'progress' | 'currentStepIndex' | 'completedStepCount'

/** Synchronous access to the journal; writes made without an await between them commit together. */
export class RunJournal {
  private sequence: number

  constructor(private readonly sql: SqlStorage) {
    for (const statement of SCHEMA) sql.exec(statement)
    this.sequence = sql.exec<{ n: number }>('SELECT coalesce(max(seq), 0) AS n FROM events').one().n
  }

  /** The sequence number of the latest stored event (0 before the first). */
  get lastSequence(): number {
    return this.sequence
  }

  readState(): RunState | null {
    const row = this.sql.exec<{ body: string }>('SELECT body FROM state WHERE id = 1').toArray()[0]
    if (!row) return null
    const input = this.sql.exec<{ body: string }>('SELECT body FROM state WHERE id = 2').toArray()[0]
    const progress = this.sql
      .exec<{ body: string }>("SELECT body FROM events WHERE type = 'run:progress' ORDER BY seq DESC LIMIT 1")
      .toArray()[0]
    const steps = this.sql
      .exec<{ n: number; last: number | null }>("SELECT count(*) AS n, max(idx) AS last FROM steps WHERE status = 'completed'")
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
    this.sql.exec('INSERT OR REPLACE INTO state (id, body) VALUES (1, ?)', JSON.stringify(lifecycle))
  }

  writeInput(input: unknown): void {
    this.sql.exec('INSERT OR REPLACE INTO state (id, body) VALUES (2, ?)', JSON.stringify(input ?? null))
  }

  get mirroredSequence(): number {
    const row = this.sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = 'mirrored'").toArray()[0]
    return row?.value ?? 0
  }

  set mirroredSequence(value: number) {
    this.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('mirrored', ?)", value)
  }

  /** The journal, by step index. */
  steps(): Map<number, JournalStep> {
    const steps = new Map<number, JournalStep>()
    for (const row of this.sql.exec<StepRow>('SELECT * FROM steps ORDER BY idx')) steps.set(row.idx, toJournalStep(row))
    return steps
  }

  step(index: number): JournalStep | undefined {
    const row = this.sql.exec<StepRow>('SELECT * FROM steps WHERE idx = ?', index).toArray()[0]
    return row ? toJournalStep(row) : undefined
  }

  putStep(step: JournalStep): void {
    this.sql.exec(
      'INSERT OR REPLACE INTO steps (idx, id, name, status, output, error, started_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
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

  /** Stores an event under the next sequence number, which it returns. */
  appendEvent(build: (sequence: number) => DurablyEvent): DurablyEvent {
    const event = build(this.sequence + 1)
    this.sql.exec('INSERT INTO events (seq, type, body) VALUES (?, ?, ?)', event.sequence, event.type, JSON.stringify(event))
    this.sequence = event.sequence
    return event
  }

  /** Stored events after `afterSequence`, oldest first, at most `limit`. */
  eventsAfter(afterSequence: number, limit = 1000): DurablyEvent[] {
    return this.sql
      .exec<{ body: string }>('SELECT body FROM events WHERE seq > ? ORDER BY seq LIMIT ?', afterSequence, limit)
      .toArray()
      .map((row) => JSON.parse(row.body) as DurablyEvent)
  }
}
