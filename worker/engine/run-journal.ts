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
  'CREATE TABLE IF NOT EXISTS state (id INTEGER PRIMARY KEY CHECK (id = 1), body TEXT NOT NULL)',
  'CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)',
  `CREATE TABLE IF NOT EXISTS steps (idx INTEGER PRIMARY KEY, id TEXT NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL,
    output TEXT, error TEXT, started_at TEXT NOT NULL, completed_at TEXT)`,
  'CREATE TABLE IF NOT EXISTS events (seq INTEGER PRIMARY KEY, type TEXT NOT NULL, body TEXT NOT NULL)',
]

/** Synchronous access to the journal; writes made without an await between them commit together. */
export class RunJournal {
  constructor(private readonly sql: SqlStorage) {
    for (const statement of SCHEMA) sql.exec(statement)
  }

  readState(): RunState | null {
    const row = this.sql.exec<{ body: string }>('SELECT body FROM state WHERE id = 1').toArray()[0]
    return row ? (JSON.parse(row.body) as RunState) : null
  }

  writeState(state: RunState): void {
    this.sql.exec('INSERT OR REPLACE INTO state (id, body) VALUES (1, ?)', JSON.stringify(state))
  }

  meta(key: 'lastSequence' | 'mirroredSequence'): number {
    const row = this.sql.exec<{ value: number }>('SELECT value FROM meta WHERE key = ?', key).toArray()[0]
    return row?.value ?? 0
  }

  setMeta(key: 'lastSequence' | 'mirroredSequence', value: number): void {
    this.sql.exec('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)', key, value)
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

  appendEvent(event: DurablyEvent): void {
    this.sql.exec('INSERT INTO events (seq, type, body) VALUES (?, ?, ?)', event.sequence, event.type, JSON.stringify(event))
    this.setMeta('lastSequence', event.sequence)
  }

  /** Stored events after `afterSequence`, oldest first, at most `limit`. */
  eventsAfter(afterSequence: number, limit = 1000): DurablyEvent[] {
    return this.sql
      .exec<{ body: string }>('SELECT body FROM events WHERE seq > ? ORDER BY seq LIMIT ?', afterSequence, limit)
      .toArray()
      .map((row) => JSON.parse(row.body) as DurablyEvent)
  }

}
