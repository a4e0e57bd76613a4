// Loads the run a request names and asks `onRunAccess` whether the caller may perform the operation.
import { NotFoundError } from '../engine/errors'
import type { Run } from '../engine/types'
import type { HandlerDeps } from './deps'
import { ForbiddenError } from './errors'
import { guard } from './guard'
import type { RunOperation } from './types'

export async function loadAccessibleRun(
  deps: HandlerDeps,
  ctx: unknown,
  runId: string,
  operation: RunOperation,
): Promise<Run> {
  const run = await deps.durably.getRun(runId)
  if (!run) throw new NotFoundError('Run not found')
  const onRunAccess = deps.auth?.onRunAccess
  if (onRunAccess) {
    const verdict = await guard(() => onRunAccess(ctx, run, { operation }))
    if (verdict === false) throw new ForbiddenError()
  }
  return run
}
