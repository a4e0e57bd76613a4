// One invocation of a run: claim the lease, replay the job with journaled steps, then finish, fail or yield.
import { leaseOwnerOf } from './run-view'
import { CancelledError, errorMessage } from '../errors'
import { findJob, settings } from '../registry'
import type { ExecutionHost } from './ports'
import { getRun } from '../d1/run-store'
import type { RunEnding } from '../d1/fenced-writes'
import { StepFailure, createStepContext, type StepRunControl } from './step-context'
import { NO_RETRIES, resolveRetryPolicy, type ResolvedRetryPolicy } from '../time/retry-policy'
import { isTerminalStatus, type AnyJobDefinition, type WaitingFor } from '../types'

type Outcome =
  | { kind: 'returned'; output: unknown }
  | { kind: 'threw'; error: unknown }
  | { kind: 'yield' }
  | { kind: 'suspend'; waitingFor: WaitingFor; wakeAt: number | null }
  | { kind: 'stopped' }

/** What a run resumed from (its sleep or retry), taken from its state as the invocation claims it. */
type Resumed = StepRunControl['resumed']

export async function executeInvocation(run: ExecutionHost): Promise<void> {
  if (!run.runState || run.isEnded()) return
  const state = run.state
  const resumed: Resumed =
    state.status === 'waiting' && state.waitingFor
      ? { waitingFor: state.waitingFor, wakeAt: state.wakeAt ? Date.parse(state.wakeAt) : null }
      : null
  state.waitingFor = null
  state.wakeAt = null
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
    const outcome = job ? await runJob(run, job, resumed) : { kind: 'threw' as const, error: new Error(`Unknown job: ${state.jobName}`) }
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
  if (isTerminalStatus(current.status)) return run.endAs(current)
  run.state.generation = Math.max(run.state.generation, current.leaseGeneration)
  run.saveState()
  run.scheduleAt(Date.now() + 100)
}

async function runJob(run: ExecutionHost, job: AnyJobDefinition, resumed: Resumed): Promise<Outcome> {
  const controller = new AbortController()
  run.controller = controller
  let end: (outcome: Outcome) => void = () => {}
  const stop = new Promise<Outcome>((resolve) => {
    end = resolve
    controller.signal.addEventListener('abort', () => resolve({ kind: 'stopped' }), { once: true })
  })
  // Generation 1 is the run's first invocation ever: nothing journaled yet to replay, nothing attempted before.
  const first = run.state.generation === 1
  const step = createStepContext(run, {
    journal: first && !run.state.seededSteps ? new Map() : run.journal.steps(),
    signal: controller.signal,
    deadline: Date.now() + settings.invocationBudgetMs,
    onYield: () => end({ kind: 'yield' }),
    onSuspend: (waitingFor, wakeAt) => end({ kind: 'suspend', waitingFor, wakeAt }),
    resumed,
    jobRetries: jobRetriesOf(job),
    priorAttempts: (index) => run.journal.priorAttempts(index),
    waits: run.waits,
    children: { start: (waitId, jobName, input, labels) => run.startChild(waitId, jobName, input, labels), cancel: (waitId) => run.cancelChildOf(waitId) },
    mayHavePriorAttempts: !first,
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
  if (outcome.kind === 'suspend') return suspend(run, outcome.waitingFor, outcome.wakeAt)
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
 * The run waits (a sleep, a retry's backoff): journaled and announced, recorded in D1 as `waiting` without a lease,
 * its concurrency key released, and due again at `wakeAt`. Nothing of it stays in memory or runs meanwhile.
 */
async function suspend(run: ExecutionHost, waitingFor: WaitingFor, wakeAt: number | null): Promise<void> {
  const state = run.state
  state.status = 'waiting'
  state.waitingFor = waitingFor
  state.wakeAt = wakeAt === null ? null : new Date(wakeAt).toISOString()
  run.saveState()
  run.emit({ type: 'run:waiting', waitingFor, wakeAt: state.wakeAt })
  // Due at the wake time from now on: if the D1 write below is lost with this instance, the alarm resumes the run.
  if (wakeAt === null) run.clearDue()
  else run.wakeAt(wakeAt)
  if (!(await run.mirror.flush({ status: 'waiting', wakeAt: state.wakeAt, waitingFor }))) return
  await Promise.all([run.releaseKey(), run.waits.sync()])
}

/** The job's retry policy; a job defined with one that does not resolve was refused by defineJob already. */
function jobRetriesOf(job: AnyJobDefinition): ResolvedRetryPolicy {
  return job.retries === undefined ? NO_RETRIES : resolveRetryPolicy(job.retries, `job "${job.name}" retries`)
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
