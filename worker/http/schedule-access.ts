// Asks `onScheduleAccess` whether the caller may see or change a schedule (no hook: every authenticated caller may).
import { NotFoundError } from '../engine/errors'
import type { Schedule } from '../engine/schedules/schedule-schema'
import type { HandlerDeps } from './deps'
import { ForbiddenError } from './errors'
import { guard } from './guard'
import type { ScheduleOperation, ScheduleTarget } from './types'

/** Throws when the hook denies `operation` on `schedule` (403, or the hook's own answer). */
export async function checkScheduleAccess(
  deps: HandlerDeps,
  ctx: unknown,
  schedule: ScheduleTarget,
  operation: ScheduleOperation,
): Promise<void> {
  const hook = deps.auth?.onScheduleAccess
  if (!hook) return
  const verdict = await guard(() => hook(ctx, schedule, { operation }))
  if (verdict === false) throw new ForbiddenError()
}

/** Loads the schedule a request names and checks the operation on it. */
export async function loadAccessibleSchedule(
  deps: HandlerDeps,
  ctx: unknown,
  id: string,
  operation: ScheduleOperation,
): Promise<Schedule> {
  const schedule = await deps.durably.getSchedule(id)
  if (!schedule) throw new NotFoundError(`Schedule not found: ${id}`)
  await checkScheduleAccess(deps, ctx, schedule, operation)
  return schedule
}

/** The schedules the caller may read: those `onScheduleAccess` does not deny for 'read'. */
export async function readableSchedules(deps: HandlerDeps, ctx: unknown, schedules: Schedule[]): Promise<Schedule[]> {
  if (!deps.auth?.onScheduleAccess) return schedules
  const allowed = await Promise.all(
    schedules.map((schedule) =>
      checkScheduleAccess(deps, ctx, schedule, 'read').then(
        () => true,
        () => false,
      ),
    ),
  )
  return schedules.filter((_, index) => allowed[index])
}
