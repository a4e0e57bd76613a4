// Test helpers: runs written straight into D1 in any status, each with a label, a step, a log and a failed attempt.
import { env } from 'cloudflare:workers'
import type { RunStatus } from '../../worker/engine/protocol/statuses'

/** The tables that hold a run's rows, `runs` last. */
export const RUN_TABLES = ['step_attempts', 'logs', 'steps', 'run_labels', 'runs'] as const

/**
 * Inserts a run of job `test-counted` with one row in every table of a run. `completedAt` is when it ended (null: it
 * has not); ids not made by the engine name no shard, so only D1 holds these runs.
 */
export async function insertStoredRun(id: string, status: RunStatus, completedAt: string | null): Promise<void> {
  const at = completedAt ?? '2000-01-01T00:00:00.000Z'
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO runs (id, job_name, input, status, labels, created_at, updated_at, started_at, completed_at)
        VALUES (?, 'test-counted', '{}', ?, '{"team":"ops"}', ?, ?, ?, ?)`,
    ).bind(id, status, at, at, at, completedAt),
    env.DB.prepare(`INSERT INTO run_labels (run_id, key, value) VALUES (?, 'team', 'ops')`).bind(id),
    env.DB.prepare(
      `INSERT INTO steps (id, run_id, name, "index", status, output, started_at, completed_at) VALUES (?, ?, 's0', 0, 'completed', '1', ?, ?)`,
    ).bind(`${id}-step`, id, at, at),
    env.DB.prepare(
      `INSERT INTO logs (id, run_id, sequence, step_name, level, message, created_at) VALUES (?, ?, 1, 's0', 'info', 'hello', ?)`,
    ).bind(`${id}-log`, id, at),
    env.DB.prepare(
      `INSERT INTO step_attempts (run_id, step_index, attempt, step_name, outcome, error, started_at, ended_at)
        VALUES (?, 0, 1, 's0', 'failed', 'boom', ?, ?)`,
    ).bind(id, at, at),
  ])
}

/** How many rows each table of a run holds for `id`. */
export async function storedRowCounts(id: string): Promise<Record<(typeof RUN_TABLES)[number], number>> {
  const counts = await env.DB.batch<{ n: number }>(
    RUN_TABLES.map((table) => env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${table === 'runs' ? 'id' : 'run_id'} = ?`).bind(id)),
  )
  return Object.fromEntries(RUN_TABLES.map((table, i) => [table, counts[i]?.results[0]?.n ?? -1])) as Record<(typeof RUN_TABLES)[number], number>
}

/** A run's rows in every table: 1 each while it is stored, 0 each once it is gone. */
export const ALL_ROWS = Object.fromEntries(RUN_TABLES.map((table) => [table, 1]))
export const NO_ROWS = Object.fromEntries(RUN_TABLES.map((table) => [table, 0]))
