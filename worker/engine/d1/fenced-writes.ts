// Writes of an executing run to D1, each fenced by its lease generation so a stale executor's write changes nothing.
import { sql } from 'kysely'
import { db, prepare, toSql, type SqlStatement } from './db'
import { insertLabelStatements, pendingRow, type NewRun } from './run-store'
import type { LogLevel, ProgressData, StepStatus, WaitingFor } from '../types'

/** A write is applied only while the run is leased under this generation. */
export interface Fence {
  runId: string
  generation: number
}

function holdsLease(fence: Fence) {
  return sql<boolean>`exists (select 1 from runs where id = ${fence.runId} and lease_generation = ${fence.generation} and status = 'leased')`
}

export interface StepRecord {
  id: string
  name: string
  index: number
  status: StepStatus
  output: string | null
  error: string | null
  startedAt: string
  completedAt: string | null
  /** What the completed attempt recorded (JSON text), if anything. */
  attemptMetadata?: string | null
}

/**
 * One INSERT … SELECT over a JSON array of steps, applied only while the fence holds: a stale executor inserts
 * nothing, and mirroring a step again is a no-op.
 */
export function insertStepsStatement(fence: Fence, steps: StepRecord[]): SqlStatement {
  const query = sql`insert into steps (id, run_id, name, "index", status, output, error, started_at, completed_at, attempt_metadata)
    select json_extract(value, '$.id'), ${fence.runId}, json_extract(value, '$.name'), json_extract(value, '$.index'),
      json_extract(value, '$.status'), json_extract(value, '$.output'), json_extract(value, '$.error'),
      json_extract(value, '$.startedAt'), json_extract(value, '$.completedAt'), json_extract(value, '$.attemptMetadata')
    from json_each(${JSON.stringify(steps)})
    where ${holdsLease(fence)}
    on conflict (run_id, "index") do nothing`.compile(db)
  return toSql(query)
}

export interface LogRecord {
  id: string
  sequence: number
  stepName: string | null
  level: LogLevel
  message: string
  data: string | null
  createdAt: string
}

/** Like `insertStepsStatement`, for a run's log lines. */
export function insertLogsStatement(fence: Fence, logs: LogRecord[]): SqlStatement {
  const query = sql`insert into logs (id, run_id, sequence, step_name, level, message, data, created_at)
    select json_extract(value, '$.id'), ${fence.runId}, json_extract(value, '$.sequence'),
      json_extract(value, '$.stepName'), json_extract(value, '$.level'), json_extract(value, '$.message'),
      json_extract(value, '$.data'), json_extract(value, '$.createdAt')
    from json_each(${JSON.stringify(logs)})
    where ${holdsLease(fence)}
    on conflict (run_id, sequence) do nothing`.compile(db)
  return toSql(query)
}

export interface RunPosition {
  progress: ProgressData | null
  currentStepIndex: number
  completedStepCount: number
  lastSequence: number
  now: string
}

function positionColumns(position: RunPosition) {
  return {
    progress: position.progress ? JSON.stringify(position.progress) : null,
    current_step_index: position.currentStepIndex,
    completed_step_count: position.completedStepCount,
    last_sequence: position.lastSequence,
    updated_at: position.now,
  }
}

/** Moves the list-visible position of a leased run forward; never backwards (sequence guard). */
export function updatePositionStatement(fence: Fence, position: RunPosition): SqlStatement {
  const query = db
    .updateTable('runs')
    .set(positionColumns(position))
    .where('id', '=', fence.runId)
    .where('lease_generation', '=', fence.generation)
    .where('status', '=', 'leased')
    .where('last_sequence', '<=', position.lastSequence)
    .compile()
  return toSql(query)
}

export type RunEnding =
  | { status: 'completed'; output: string | null }
  | { status: 'failed'; error: string }

/** A leased run suspends: it gives up its lease until `wakeAt` (or until something outside wakes it). */
export interface RunSuspension {
  status: 'waiting'
  wakeAt: string | null
  waitingFor: WaitingFor
}

/** Suspends a leased run at its current position as `waiting`, fenced by generation (the lease is given up). */
export function suspendRunStatement(fence: Fence, suspension: RunSuspension, position: RunPosition): SqlStatement {
  const query = db
    .updateTable('runs')
    .set({
      ...positionColumns(position),
      status: 'waiting',
      lease_owner: null,
      lease_expires_at: null,
      wake_at: suspension.wakeAt,
      waiting_for: JSON.stringify(suspension.waitingFor),
    })
    .where('id', '=', fence.runId)
    .where('lease_generation', '=', fence.generation)
    .where('status', '=', 'leased')
    .compile()
  return toSql(query)
}

/** Ends a leased run as completed or failed at its final position, fenced by generation. */
export function finishRunStatement(fence: Fence, ending: RunEnding, position: RunPosition): SqlStatement {
  const now = position.now
  const query = db
    .updateTable('runs')
    .set({
      ...positionColumns(position),
      status: ending.status,
      output: ending.status === 'completed' ? ending.output : null,
      error: ending.status === 'failed' ? ending.error : null,
      lease_owner: null,
      lease_expires_at: null,
      completed_at: now,
    })
    .where('id', '=', fence.runId)
    .where('lease_generation', '=', fence.generation)
    .where('status', '=', 'leased')
    .compile()
  return toSql(query)
}

export interface Claim {
  owner: string
  leaseMs: number
  /** When this run first started executing (kept if D1 already has a start time). */
  startedAt: string
}

/** The columns a claim sets: leased under the fence's generation by `claim.owner`. */
function claimColumns(fence: Fence, claim: Claim, now: Date) {
  return {
    status: 'leased' as const,
    lease_generation: fence.generation,
    lease_owner: claim.owner,
    lease_expires_at: new Date(now.getTime() + claim.leaseMs).toISOString(),
    updated_at: now.toISOString(),
    wake_at: null,
    waiting_for: null,
  }
}

/** A claim takes a run that is pending, waiting, or leased under an older generation. */
const CLAIMABLE_STATUSES = ['pending', 'leased', 'waiting'] as const

/**
 * Takes the lease for generation `fence.generation`: one UPDATE … RETURNING, applied only while the run is pending,
 * waiting, or leased under an older generation. Sent first in a batch, it fences the writes after it in the same batch.
 */
export function claimStatement(fence: Fence, claim: Claim, now: Date): SqlStatement {
  const query = db
    .updateTable('runs')
    .set((eb) => ({ ...claimColumns(fence, claim, now), started_at: eb.fn.coalesce('started_at', sql.val(claim.startedAt)) }))
    .where('id', '=', fence.runId)
    .where('status', 'in', CLAIMABLE_STATUSES)
    .where('lease_generation', '<', fence.generation)
    .returning('lease_generation')
    .compile()
  return toSql(query)
}

/**
 * For a run its shard recorded before D1: inserts it already leased (with its labels), or, when an earlier batch
 * inserted it, claims it exactly as `claimStatement` would. One upsert instead of an insert and a claim.
 */
export function insertClaimedRunStatements(run: NewRun, fence: Fence, claim: Claim, now: Date): SqlStatement[] {
  const claimed = claimColumns(fence, claim, now)
  const query = db
    .insertInto('runs')
    .values({ ...pendingRow(run), ...claimed, started_at: claim.startedAt })
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet((eb) => ({ ...claimed, started_at: eb.fn.coalesce('runs.started_at', sql.val(claim.startedAt)) }))
        .where('runs.status', 'in', CLAIMABLE_STATUSES)
        .where('runs.lease_generation', '<', fence.generation),
    )
    .compile()
  return [toSql(query), ...insertLabelStatements(run, true)]
}

/** Applies one fenced step write on its own; false when the fence no longer holds (lease lost or run ended). */
export async function appendStep(d1: D1Database, fence: Fence, step: StepRecord): Promise<boolean> {
  const result = await prepare(d1, insertStepsStatement(fence, [step])).run()
  return result.meta.changes > 0
}
