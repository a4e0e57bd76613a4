// Scheduler (Durable Object, one per Worker): the schedules in SQLite, and one alarm at the earliest due time.
import { DurableObject } from 'cloudflare:workers'
import type { EngineEnv } from '../bindings'
import { errorMessage } from '../errors'
import { nextFireAfter } from './cron'
import { fireDue } from './fire'
import { MAX_SCHEDULES, type NewSchedule, type RemoveOutcome, type SchedulerRpc } from './scheduler-rpc'
import {
  countSchedules,
  createScheduleTable,
  deleteScheduleRow,
  dueScheduleRows,
  earliestDue,
  getScheduleRow,
  listScheduleRows,
  putScheduleRow,
  recordFire,
  type ScheduleRow,
} from './schedule-store'
import { syncDeclared } from './sync'

/**
 * Rows are the truth and the alarm only points at the earliest `due_at`; it is set again after every change. Alarms
 * fire at least once, so firing is idempotent: each fire's run carries the key `schedule:<id>:<fire time>`.
 */
export class Scheduler extends DurableObject<EngineEnv> implements SchedulerRpc {
  private readonly sql = this.ctx.storage.sql

  constructor(ctx: DurableObjectState, env: EngineEnv) {
    super(ctx, env)
    void ctx.blockConcurrencyWhile(async () => {
      createScheduleTable(this.sql)
      this.sync()
      await this.arm()
    })
  }

  list(): ScheduleRow[] {
    this.sync()
    this.armSoon()
    return listScheduleRows(this.sql)
  }

  create(schedule: NewSchedule): ScheduleRow | null {
    if (countSchedules(this.sql) >= MAX_SCHEDULES) return null
    const now = Date.now()
    const next = nextFireAfter(schedule.cron, schedule.timezone, now)
    const row: ScheduleRow = {
      id: schedule.id,
      job_name: schedule.jobName,
      name: schedule.name,
      cron: schedule.cron,
      timezone: schedule.timezone,
      input: schedule.input,
      source: 'api',
      paused: 0,
      next_fire_at: next,
      due_at: next,
      last_fire_at: null,
      last_run_id: null,
      config_error: null,
      last_error: null,
      created_at: now,
      updated_at: now,
    }
    putScheduleRow(this.sql, row)
    this.armSoon()
    return row
  }

  setPaused(id: string, paused: boolean): ScheduleRow | null {
    this.sync()
    const row = getScheduleRow(this.sql, id)
    if (!row) return null
    if (Boolean(row.paused) === paused) return row
    const now = Date.now()
    // Resuming starts from now: fire times that passed while paused do not run.
    const next = paused || row.config_error !== null ? null : nextFireAfter(row.cron, row.timezone, now)
    const updated = { ...row, paused: paused ? 1 : 0, next_fire_at: next, due_at: next, updated_at: now }
    putScheduleRow(this.sql, updated)
    this.armSoon()
    return updated
  }

  remove(id: string): RemoveOutcome {
    this.sync()
    const row = getScheduleRow(this.sql, id)
    if (!row) return 'missing'
    if (row.source === 'declared') return 'declared'
    deleteScheduleRow(this.sql, id)
    this.armSoon()
    return 'deleted'
  }

  /** Fires every due schedule (each once, for its latest passed fire time), then points the alarm at the next. */
  override async alarm(): Promise<void> {
    this.sync()
    const now = Date.now()
    for (const row of dueScheduleRows(this.sql, now)) {
      const fired = await fireDue(this.env, row, now)
      // A pause, resume or delete may have come in while the run was triggered: it keeps its say over the timing.
      recordFire(this.sql, fired)
    }
    await this.arm()
  }

  private sync(): void {
    try {
      syncDeclared(this.sql, Date.now())
    } catch (error) {
      console.error(`declared schedules could not be synced: ${errorMessage(error)}`)
    }
  }

  /** Points the alarm at the earliest due time (or clears it); set every time, so calls in any order end right. */
  private async arm(): Promise<void> {
    const at = earliestDue(this.sql)
    if (at === null) await this.ctx.storage.deleteAlarm()
    else await this.ctx.storage.setAlarm(at)
  }

  /** `arm` from a synchronous method: storage operations of one event are ordered, so the alarm follows the rows. */
  private armSoon(): void {
    this.ctx.waitUntil(this.arm())
  }
}
