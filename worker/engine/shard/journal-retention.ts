// How long a finished run's journal stays in its shard: kept for stream replay, then swept (D1 keeps the run).
import { RunJournal } from './run-journal'

/** Sweeps are gathered: one per tenth of the retention time at most, however spread out the runs' endings are. */
const SWEEP_SLACK = 0.1

/** Journals swept per alarm; a larger backlog continues on the next one. */
const SWEEP_LIMIT = 200

/**
 * The shard's `ended` table: runs whose ending D1 has recorded, and when. Their journals serve `Last-Event-ID` replay
 * for `retentionMs`; after that, reads of the run come from D1 alone (a reconnect after its last event gets 204).
 */
export class JournalRetention {
  /** Needs the shard's journal tables and its `due` table. */
  constructor(private readonly sql: SqlStorage) {
    sql.exec('CREATE TABLE IF NOT EXISTS ended (run_id TEXT PRIMARY KEY, at INTEGER NOT NULL)')
    sql.exec('CREATE INDEX IF NOT EXISTS ended_at ON ended (at)')
    sql.exec('CREATE TABLE IF NOT EXISTS retention_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)')
    this.adoptEarlierEndings(Date.now())
  }

  /**
   * Once per shard: runs that ended before their shard retired journals get their retention time from now. A finished
   * run with nothing due had its ending recorded (a run stays due until D1 has it).
   */
  private adoptEarlierEndings(now: number): void {
    if (this.sql.exec("SELECT 1 FROM retention_meta WHERE key = 'adopted'").toArray().length > 0) return
    this.sql.exec(
      `INSERT OR IGNORE INTO ended (run_id, at) SELECT run_id, ? FROM run_state WHERE kind = 1
        AND json_extract(body, '$.status') IN ('completed', 'failed', 'cancelled') AND run_id NOT IN (SELECT run_id FROM due)`,
      now,
    )
    this.sql.exec("INSERT INTO retention_meta (key, value) VALUES ('adopted', ?)", now)
  }

  /** The run ended and D1 has its ending: its journal may go `retentionMs` after `now`. */
  retire(runId: string, now: number): void {
    this.sql.exec('INSERT OR REPLACE INTO ended (run_id, at) VALUES (?, ?)', runId, now)
  }

  /** When the next sweep is due (epoch ms), or null when no journal waits (or journals are kept for ever). */
  nextSweepAt(retentionMs: number): number | null {
    if (!Number.isFinite(retentionMs)) return null
    const oldest = this.sql.exec<{ at: number | null }>('SELECT min(at) AS at FROM ended').one().at
    return oldest === null ? null : oldest + retentionMs + Math.round(retentionMs * SWEEP_SLACK)
  }

  /** Deletes the journals of runs retired `retentionMs` or more before `now`, except runs `inUse`. */
  sweep(now: number, retentionMs: number, inUse: (runId: string) => boolean): void {
    if (!Number.isFinite(retentionMs)) return
    const expired = this.sql
      .exec<{ run_id: string }>('SELECT run_id FROM ended WHERE at <= ? ORDER BY at LIMIT ?', now - retentionMs, SWEEP_LIMIT)
      .toArray()
    for (const { run_id } of expired) {
      // A run in the shard's memory (an open stream) keeps its journal for another retention time: were it only
      // skipped, the next sweep would be due at once, and again, for as long as the run stays in memory.
      if (inUse(run_id)) {
        this.retire(run_id, now)
        continue
      }
      new RunJournal(this.sql, run_id).deleteRun()
      this.sql.exec('DELETE FROM ended WHERE run_id = ?', run_id)
    }
  }
}
