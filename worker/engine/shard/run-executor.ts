// One invocation of a run: claim the lease, replay the job with journaled steps, then finish, fail or yield.
import { leaseOwnerOf } from './run-view'
import { CancelledError, errorMessage } from '../errors'
import { findJob, settings } from '../registry'
import type { ExecutionHost } from './ports'
import { getRun } from '../d1/run-store'
import type { RunEnding } from '../d1/fenced-writes'
import { StepFailure, createStepContext } from './step-context'
import type { AnyJobDefinition } from '../types'

type Outcome =
  | { kind: 'returned'; output: unknown }
  | { kind: 'threw'; error: unknown }
  | { kind: 'yield' }
  | { kind: 'stopped' }

export async function executeInvocation(run: ExecutionHost): Promise<void> {
  if (!run.runState || run.isEnded()) return
  const state = run.state
  // The lease is taken with this invocation's first D1 batch (a fenced claim), not a round trip of its own.
  state.generation += 1
  state.status = 'leased'
  state.startedAt ??= new Date().toISOString()
  run.saveState()
  const leaseOwner = leaseOwnerOf(run.objectId)
  run.mirror.claimWith({ owner: leaseOwner, leaseMs: settings.leaseMs, startedAt: state.startedAt })
  run.emit({
    type: 'run:leased',
    input: state.input,
    leaseOwner,
    leaseExpiresAt: new Date(Date.now() + settings.leaseMs).toISOString(),
  })
  run.mirror.schedule()
  run.scheduleAt(Date.now() + settings.watchdogMs)
  const heartbeat = setInterval(() => {
    run.scheduleAt(Date.now() + settings.watchdogMs)
  }, Math.max(100, settings.watchdogMs / 3))
  try {
    const job = findJob(state.jobName)
    const outcome = job ? await runJob(run, job) : { kind: 'threw' as const, error: new Error(`Unknown job: ${state.jobName}`) }
    await settle(run, job, outcome)
  } finally {
    clearInterval(heartbeat)
    run.controller = null
  }
  if (run.leaseLost) await recoverLease(run)
}

/** D1 refused this invocation's writes: adopt the run's ending, or retry with a generation above D1's. */
async function recoverLease(run: ExecutionHost): Promise<void> {
  run.leaseLost = false
  if (run.isEnded()) return
  const current = await getRun(run.d1, run.state.id)
  if (!current) return
  if (current.status !== 'pending' && current.status !== 'leased') return run.endAs(current)
  run.state.generation = Math.max(run.state.generation, current.leaseGeneration)
  run.saveState()
  run.scheduleAt(Date.now() + 100)
}

async function runJob(run: ExecutionHost, job: AnyJobDefinition): Promise<Outcome> {
  const controller = new AbortController()
  run.controller = controller
  let yielded: () => void = () => {}
  const stop = new Promise<Outcome>((resolve) => {
    yielded = () => resolve({ kind: 'yield' })
    controller.signal.addEventListener('abort', () => resolve({ kind: 'stopped' }), { once: true })
  })
  const step = createStepContext(run, {
    // Generation 1 is the run's first invocation ever: nothing journaled yet to replay.
    journal: run.state.generation === 1 ? new Map() : run.journal.steps(),
    signal: controller.signal,
    deadline: Date.now() + settings.invocationBudgetMs,
    onYield: () => yielded(),
  })
  const execution = (async (): Promise<Outcome> => {
    try {
      return { kind: 'returned', output: await job.run(step, run.state.input) }
    } catch (error) {
      return { kind: 'threw', error }
    }
  })()
  return Promise.race([execution, stop])
}

async function settle(run: ExecutionHost, job: AnyJobDefinition | undefined, outcome: Outcome): Promise<void> {
  const aborted = run.controller?.signal.aborted ?? false
  if (outcome.kind === 'stopped' || aborted || (outcome.kind === 'threw' && outcome.error instanceof CancelledError)) {
    return
  }
  if (outcome.kind === 'yield') {
    await run.mirror.flush()
    run.scheduleAt(Date.now())
    return
  }
  if (outcome.kind === 'threw') {
    const failedStepName = outcome.error instanceof StepFailure ? outcome.error.stepName : ''
    const error = outcome.error instanceof StepFailure ? outcome.error.message : errorMessage(outcome.error)
    return finish(run, { status: 'failed', error }, failedStepName)
  }
  const checked = job?.output ? job.output.safeParse(outcome.output) : { success: true as const, data: outcome.output }
  if (!checked.success) {
    const detail = checked.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ')
    return finish(run, { status: 'failed', error: `Output does not match the job's output schema: ${detail}` }, '')
  }
  const output = checked.data === undefined ? null : JSON.stringify(checked.data)
  return finish(run, { status: 'completed', output }, '')
}

/**
 * Journals and broadcasts the ending, then records it in D1 (one batch with the last steps, and the run's insert if
 * the shard has not sent it yet). The shard decides a run's fate: cancels pass through it and find the run ended, so
 * D1 refuses the fenced write only if a second executor claimed the run; the run stays due until D1 has the ending.
 */
async function finish(run: ExecutionHost, ending: RunEnding, failedStepName: string): Promise<void> {
  const state = run.state
  state.status = ending.status
  state.completedAt = new Date().toISOString()
  const duration = state.startedAt ? Date.now() - Date.parse(state.startedAt) : 0
  if (ending.status === 'completed') {
    state.output = ending.output === null ? null : JSON.parse(ending.output)
    run.saveState()
    run.emit({ type: 'run:complete', output: state.output, duration })
  } else {
    state.error = ending.error
    run.saveState()
    run.emit({ type: 'run:fail', error: ending.error, failedStepName })
  }
  await run.recordEnding()
}
