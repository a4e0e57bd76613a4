// The Scheduler's SQLite table of schedules: one statement per function; `due_at` is what the single alarm points at.
import type { Schedule } from './schedule-schema'

export interface ScheduleRow {
  id: string
  job_name: string
  name: string | null
  cron: string
  timezone: string
  /** The input as JSON; null when the schedule has none (the job's schema sees `undefined`). */
  input: string | null
  source: Schedule['source']
  paused: number
  /** The next fire time (epoch ms); null while paused or broken. */
  next_fire_at: number | null
  /** When the alarm should handle it: the next fire time, or sooner to retry a fire that failed. */
  due_at: number | null
  last_fire_at: number | null
  last_run_id: string | null
  /** Set on a declared schedule that cannot fire (cron, time zone or input wrong). */
  config_error: string | null
  /** Why the last fire failed; cleared by the next that succeeds. */
  last_error: string | null
  created_at: number
  updated_at: number
}

type Sql = SqlStorage

export function createScheduleTable(sql: Sql): void {
  sql.exec(`CREATE TABLE IF NOT EXISTS schedules (
    id TEXT PRIMARY KEY,
    job_name TEXT NOT NULL,
    name TEXT,
    cron TEXT NOT NULL,
    timezone TEXT NOT NULL,
    input TEXT,
    source TEXT NOT NULL,
    paused INTEGER NOT NULL DEFAULT 0,
    next_fire_at INTEGER,
    due_at INTEGER,
    last_fire_at INTEGER,
    last_run_id TEXT,
    config_error TEXT,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  )`)
  sql.exec('CREATE INDEX IF NOT EXISTS schedules_due ON schedules (due_at) WHERE due_at IS NOT NULL')
}

export function listScheduleRows(sql: Sql): ScheduleRow[] {
  return sql.exec<ScheduleRow & Record<string, SqlStorageValue>>('SELECT * FROM schedules ORDER BY job_name, created_at, id').toArray()
}

export function countSchedules(sql: Sql): number {
  return sql.exec<{ n: number }>('SELECT count(*) AS n FROM schedules').one().n
}

export function getScheduleRow(sql: Sql, id: string): ScheduleRow | null {
  return sql.exec<ScheduleRow & Record<string, SqlStorageValue>>('SELECT * FROM schedules WHERE id = ?', id).toArray()[0] ?? null
}

export function dueScheduleRows(sql: Sql, now: number): ScheduleRow[] {
  return sql
    .exec<ScheduleRow & Record<string, SqlStorageValue>>('SELECT * FROM schedules WHERE due_at <= ? ORDER BY due_at', now)
    .toArray()
}

/** The earliest time any schedule is due, or null when none is. */
export function earliestDue(sql: Sql): number | null {
  return sql.exec<{ at: number | null }>('SELECT min(due_at) AS at FROM schedules').one().at
}

/** Inserts a schedule, or replaces every column of the one with its id. */
export function putScheduleRow(sql: Sql, row: ScheduleRow): void {
  const columns = Object.keys(row) as (keyof ScheduleRow)[]
  sql.exec(
    `INSERT OR REPLACE INTO schedules (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    ...columns.map((column) => row[column]),
  )
}

export function deleteScheduleRow(sql: Sql, id: string): void {
  sql.exec('DELETE FROM schedules WHERE id = ?', id)
}

/** Removes the declared schedules whose ids are not in `keep` (their job or declaration is gone). */
export function deleteDeclaredExcept(sql: Sql, keep: string[]): void {
  sql.exec(`DELETE FROM schedules WHERE source = 'declared' AND id NOT IN (SELECT value FROM json_each(?))`, JSON.stringify(keep))
}

/**
 * Records a fire's outcome on the stored schedule. Only the fire's columns change; a schedule paused, broken or
 * deleted meanwhile keeps that state (no next fire while paused or broken; nothing for a deleted one).
 */
export function recordFire(sql: Sql, fired: ScheduleRow): void {
  sql.exec(
    `UPDATE schedules SET
       last_fire_at = ?, last_run_id = ?, last_error = ?, updated_at = ?,
       next_fire_at = CASE WHEN paused = 1 OR config_error IS NOT NULL THEN NULL ELSE ? END,
       due_at = CASE WHEN paused = 1 OR config_error IS NOT NULL THEN NULL ELSE ? END
     WHERE id = ?`,
    fired.last_fire_at,
    fired.last_run_id,
    fired.last_error,
    fired.updated_at,
    fired.next_fire_at,
    fired.due_at,
    fired.id,
  )
}
