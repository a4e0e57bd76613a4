// A run's durable waits in its shard's SQLite: prepared by name, resolved once (first signal or deadline), each change
// counted so the copy in D1 can catch up.
import { newId } from '../ids'
import type { WaitOutcome, WaitStatus } from '../protocol/statuses'
import type { WaitRow } from './wait-record'

const SCHEMA = `CREATE TABLE IF NOT EXISTS run_waits (run_id TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL,
  metadata TEXT, status TEXT NOT NULL, payload TEXT, signal_id TEXT, outcome TEXT, created_at TEXT NOT NULL,
  deadline_at TEXT, suspended_at TEXT, resolved_at TEXT, first_resumed_at TEXT,
  version INTEGER NOT NULL DEFAULT 1, synced_version INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (run_id, name))`

/** Creates the waits table of a shard (idempotent). */
export function createWaitTables(sql: SqlStorage): void {
  sql.exec(SCHEMA)
}

type StoredWait = WaitRow & { version: number; synced_version: number } & Record<string, SqlStorageValue>

const COLUMNS = 'run_id, id, name, metadata, status, payload, signal_id, outcome, created_at, deadline_at, suspended_at, resolved_at, first_resumed_at'

export class WaitJournal {
  constructor(
    private readonly sql: SqlStorage,
    private readonly runId: string,
  ) {}

  byName(name: string): WaitRow | undefined {
    return this.sql.exec<StoredWait>(`SELECT ${COLUMNS} FROM run_waits WHERE run_id = ? AND name = ?`, this.runId, name).toArray()[0]
  }

  byId(id: string): WaitRow | undefined {
    return this.sql.exec<StoredWait>(`SELECT ${COLUMNS} FROM run_waits WHERE run_id = ? AND id = ?`, this.runId, id).toArray()[0]
  }

  /** Every wait of the run, in the order they were prepared. */
  all(): WaitRow[] {
    return this.sql.exec<StoredWait>(`SELECT ${COLUMNS} FROM run_waits WHERE run_id = ? ORDER BY created_at, id`, this.runId).toArray()
  }

  /** The wait named `name`, prepared now if the run has none by that name (its deadline fixed from now). */
  prepare(name: string, metadata: unknown, timeoutMs: number | undefined): WaitRow {
    const existing = this.byName(name)
    if (existing) return existing
    const now = Date.now()
    const row: WaitRow = {
      id: `${this.runId}.${newId(now, 0)}`,
      run_id: this.runId,
      name,
      metadata: metadata === undefined ? null : JSON.stringify(metadata),
      status: 'pending',
      payload: null,
      signal_id: null,
      outcome: null,
      created_at: new Date(now).toISOString(),
      deadline_at: timeoutMs === undefined ? null : new Date(now + timeoutMs).toISOString(),
      suspended_at: null,
      resolved_at: null,
      first_resumed_at: null,
    }
    this.sql.exec(
      `INSERT INTO run_waits (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ...[row.run_id, row.id, row.name, row.metadata, row.status, row.payload, row.signal_id, row.outcome],
      ...[row.created_at, row.deadline_at, row.suspended_at, row.resolved_at, row.first_resumed_at],
    )
    return row
  }

  /** Resolves a pending wait (a signal with its payload and id, or its deadline); false when it was not pending. */
  resolve(id: string, outcome: WaitOutcome, signal?: { signalId: string; payload: unknown }, at = new Date()): boolean {
    const cursor = this.sql.exec(
      `UPDATE run_waits SET status = 'resolved', outcome = ?, payload = ?, signal_id = ?, resolved_at = ?, version = version + 1
        WHERE run_id = ? AND id = ? AND status = 'pending'`,
      outcome,
      signal ? JSON.stringify(signal.payload ?? null) : null,
      signal?.signalId ?? null,
      at.toISOString(),
      this.runId,
      id,
    )
    return cursor.rowsWritten > 0
  }

  /** The run suspended on this wait (the first time counts). */
  markSuspended(id: string): void {
    this.touch('suspended_at', id)
  }

  /** The run resumed with this wait's result (the first time counts). */
  markResumed(id: string): void {
    this.touch('first_resumed_at', id)
  }

  private touch(column: 'suspended_at' | 'first_resumed_at', id: string): void {
    this.sql.exec(
      `UPDATE run_waits SET ${column} = ?, version = version + 1 WHERE run_id = ? AND id = ? AND ${column} IS NULL`,
      new Date().toISOString(),
      this.runId,
      id,
    )
  }

  /** The run ended: its waits still pending end with it. */
  closePending(status: Extract<WaitStatus, 'cancelled' | 'closed'>): void {
    this.sql.exec(
      "UPDATE run_waits SET status = ?, version = version + 1 WHERE run_id = ? AND status = 'pending'",
      status,
      this.runId,
    )
  }

  /** Waits changed since D1 last got them, with the version to acknowledge. */
  unsynced(): { row: WaitRow; version: number }[] {
    return this.sql
      .exec<StoredWait>(`SELECT ${COLUMNS}, version, synced_version FROM run_waits WHERE run_id = ? AND synced_version < version`, this.runId)
      .toArray()
      .map(({ version, synced_version: _synced, ...row }) => ({ row, version }))
  }

  /** D1 has these versions now. */
  acknowledge(synced: { id: string; version: number }[]): void {
    for (const { id, version } of synced) {
      this.sql.exec('UPDATE run_waits SET synced_version = max(synced_version, ?) WHERE run_id = ? AND id = ?', version, this.runId, id)
    }
  }

  deleteAll(): void {
    this.sql.exec('DELETE FROM run_waits WHERE run_id = ?', this.runId)
  }
}
