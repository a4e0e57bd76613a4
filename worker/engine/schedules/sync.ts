// Brings the Scheduler's table in line with the declared schedules: upsert by id, keep paused and history, drop the gone.
import { nextFireAfter } from './cron'
import { declaredSchedules, type Declaration } from './declared'
import { deleteDeclaredExcept, getScheduleRow, putScheduleRow, type ScheduleRow } from './schedule-store'

function inputJson(input: unknown): string | null {
  return input === undefined ? null : JSON.stringify(input)
}

/** The row a declaration gives, starting from the stored one (paused flag, last fire and run kept). */
function declaredRow(declaration: Declaration, stored: ScheduleRow | null, now: number): ScheduleRow {
  const base: ScheduleRow = stored ?? {
    id: declaration.id,
    job_name: declaration.jobName,
    name: declaration.name,
    cron: declaration.cron,
    timezone: declaration.timezone,
    input: inputJson(declaration.input),
    source: 'declared',
    paused: 0,
    next_fire_at: null,
    due_at: null,
    last_fire_at: null,
    last_run_id: null,
    config_error: null,
    last_error: null,
    created_at: now,
    updated_at: now,
  }
  const timingChanged = stored !== null && (stored.cron !== declaration.cron || stored.timezone !== declaration.timezone)
  const row: ScheduleRow = {
    ...base,
    cron: declaration.cron,
    timezone: declaration.timezone,
    input: inputJson(declaration.input),
    config_error: declaration.problem,
  }
  if (row.config_error !== null || row.paused) return { ...row, next_fire_at: null, due_at: null }
  // A schedule that was broken, new, or given another cron or time zone starts from now; otherwise its due time stays.
  if (row.next_fire_at === null || timingChanged) {
    const next = nextFireAfter(row.cron, row.timezone, now)
    return { ...row, next_fire_at: next, due_at: next }
  }
  return row
}

function sameRow(a: ScheduleRow, b: ScheduleRow): boolean {
  return (Object.keys(a) as (keyof ScheduleRow)[]).every((key) => key === 'updated_at' || a[key] === b[key])
}

/** Upserts every declared schedule and removes declared ones no job declares any more; returns how many changed. */
export function syncDeclared(sql: SqlStorage, now: number): number {
  const declarations = declaredSchedules()
  let changed = 0
  for (const declaration of declarations) {
    const stored = getScheduleRow(sql, declaration.id)
    if (stored && stored.source !== 'declared') continue
    const row = declaredRow(declaration, stored, now)
    if (stored && sameRow(stored, row)) continue
    putScheduleRow(sql, { ...row, updated_at: now })
    changed++
  }
  deleteDeclaredExcept(sql, declarations.map((declaration) => declaration.id))
  return changed
}
