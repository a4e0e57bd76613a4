// Asks `onPurge` whether the caller may purge finished runs; with auth hooks but no `onPurge`, nobody may.
import type { PurgeOptions } from '../engine/retention/purge-options'
import type { HandlerDeps } from './deps'
import { ForbiddenError } from './errors'
import { guard } from './guard'

export async function checkPurgeAccess(deps: HandlerDeps, ctx: unknown, purge: PurgeOptions): Promise<void> {
  if (!deps.auth) return
  const onPurge = deps.auth.onPurge
  if (!onPurge) throw new ForbiddenError('Purging runs needs an onPurge auth hook')
  const verdict = await guard(() => onPurge(ctx, purge))
  if (verdict === false) throw new ForbiddenError()
}
