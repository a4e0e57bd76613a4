// Child runs (step.invoke): starting a child exactly once per parent wait, telling the parent when the child ends, and
// cancelling a cancelled parent's children.
import { runStub, type EngineEnv } from '../bindings'
import { findRunByIdempotencyKey } from '../d1/run-store'
import { NotFoundError } from '../errors'
import { isTerminalStatus } from '../protocol/statuses'
import { findJob } from '../registry'
import type { ParentLink } from '../rpc'
import { checkTrigger, triggerRun } from '../trigger/trigger'
import type { DurableWait, Labels } from '../protocol/records'

/** The label a child run carries: its parent's run id (so `label.stepflare.parent=<id>` lists a run's children). */
export const PARENT_LABEL = 'stepflare.parent'

/** What a child's ending tells its parent's wait. */
export interface ChildEnding {
  runId: string
  status: 'completed' | 'failed' | 'cancelled'
  output: unknown
  error: string | null
}

/**
 * Starts the child of wait `parent.waitId`: the wait id is the child's idempotency key, so a parent replayed before it
 * recorded the child finds the same child instead of starting another.
 */
export async function startChild(env: EngineEnv, parent: ParentLink, jobName: string, input: unknown, labels: Labels = {}): Promise<string> {
  const job = findJob(jobName)
  if (!job) throw new NotFoundError(`step.invoke: unknown job "${jobName}"`)
  const checked = await checkTrigger(job, input, { idempotencyKey: parent.waitId, labels: { ...labels, [PARENT_LABEL]: parent.runId } })
  const child = await triggerRun(env, checked, { parent })
  return child.id
}

/** Tells the parent's wait that its child ended (a repeated notice is a duplicate signal). */
export async function notifyParent(env: EngineEnv, parent: ParentLink, ending: ChildEnding): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await runStub(env, parent.runId).signal(parent.runId, parent.waitId, { signalId: `child:${ending.runId}`, payload: ending })
      return
    } catch (error) {
      if (attempt >= 3) throw error
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt))
    }
  }
}

/** Cancels the still-running children of a parent's pending invoke waits (best effort: a child already ended is left). */
export async function cancelChildren(env: EngineEnv, waits: DurableWait[]): Promise<void> {
  const invoked = waits.filter((wait) => wait.status === 'pending' && typeof (wait.metadata as { invoke?: unknown } | null)?.invoke === 'string')
  await Promise.all(
    invoked.map(async (wait) => {
      const jobName = (wait.metadata as { invoke: string }).invoke
      const child = await findRunByIdempotencyKey(env.DB, jobName, wait.id)
      if (child && !isTerminalStatus(child.status)) await runStub(env, child.id).cancel(child.id).catch(() => {})
    }),
  )
}

/** A child that did not complete, as the parent's step.invoke throws it. */
export class ChildRunError extends Error {
  constructor(
    readonly childRunId: string | null,
    readonly status: 'failed' | 'cancelled' | 'timed_out',
    message: string,
  ) {
    super(message)
    this.name = 'ChildRunError'
  }
}
