// The `step` object a job receives: replays journaled steps, executes new ones (with retries, timeouts and sleeps),
// reports progress and logs.
import { CancelledError, errorMessage } from '../errors'
import type { RunEventBody } from '../protocol/events'
import { newId } from '../ids'
import { durationMs } from '../time/duration'
import { resolveRetryPolicy, type ResolvedRetryPolicy } from '../time/retry-policy'
import type { JournalStep, PriorAttempts } from './run-journal'
import { AttemptHandle, MAX_INTERRUPTED_ATTEMPTS, endedAttempt, nextAttemptAt, runAttempt, type AttemptResult } from './step-attempt'
import type { DurableWait, DurableWaitResult, InvokeOptions, Labels, LogLevel, PrepareWaitOptions, StepAttempt, StepContext, StepOptions, WaitingFor } from '../types'
import type { RunWaits } from '../waits/run-waits'
import { checkWaitOptions } from '../waits/wait-options'
import { checkEventWait, eventResult } from '../events/event-wait'
import type { EventWaitResult, WaitForEventOptions } from '../events/event-types'
import { childOutput } from '../children/child-result'

/** What the step context needs from the run it belongs to. */
export interface StepHost {
  readonly runId: string
  emit(body: RunEventBody): void
  putStep(step: JournalStep): void
  setProgress(progress: { current: number; total?: number; message?: string }): void
  /** Called after each step (lets other requests in now and then). */
  afterStep(): Promise<void>
}

export interface StepRunControl {
  /** Steps already journaled for this run, by index. */
  journal: Map<number, JournalStep>
  signal: AbortSignal
  /** Epoch ms after which no new step starts in this invocation. */
  deadline: number
  /** Called when the invocation should stop at this step boundary (budget spent). */
  onYield(): void
  /** The run suspends until `wakeAt` (epoch ms; null: until a signal): called once; the job's code stays suspended. */
  onSuspend(waitingFor: WaitingFor, wakeAt: number | null): void
  /** What the run waited for when this invocation began (a sleep, a retry's backoff), if anything. */
  resumed: { waitingFor: WaitingFor; wakeAt: number | null } | null
  /** The job's own retry policy, resolved once per invocation. */
  jobRetries: ResolvedRetryPolicy
  /** Earlier attempts of step `index` (asked for the first new step of a run's later invocations only). */
  priorAttempts(index: number): PriorAttempts
  /** False for a run's first invocation: nothing can have been attempted before it. */
  mayHavePriorAttempts: boolean
  /** The run's durable waits. */
  waits: Pick<RunWaits, 'prepare' | 'take' | 'suspendOn' | 'subscribeEvent'>
  /** Child runs of this run (step.invoke). */
  children: {
    start(waitId: string, jobName: string, input: unknown, labels?: Labels): Promise<string>
    cancel(waitId: string): Promise<void>
  }
}

/** A promise that never settles: the job's code stays suspended and is dropped with this invocation. */
const suspended = new Promise<never>(() => {})

/** A branch of step.all wants its next attempt at `wakeAt`: the run suspends once every branch has settled. */
class RetryLater {
  constructor(
    readonly waitingFor: WaitingFor,
    readonly wakeAt: number,
  ) {}
}

type BranchResults<T extends Record<string, (...args: never[]) => unknown>> = { [K in keyof T]: Awaited<ReturnType<T[K]>> }

export class StepFailure extends Error {
  constructor(
    readonly stepName: string,
    override readonly cause: unknown,
  ) {
    super(errorMessage(cause))
    this.name = 'StepFailure'
  }
}

export function createStepContext(host: StepHost, control: StepRunControl): StepContext {
  let nextIndex = 0
  let executed = 0
  let halted = false
  const replayedCount = control.journal.size
  const { signal } = control
  // Code between journaled steps ran before; its logs and progress are already stored.
  const replaying = () => nextIndex < replayedCount
  /** No new step starts or ends once the run is cancelled, has lost its lease, or suspended. */
  const stopped = () => halted || signal.aborted

  const log = (level: LogLevel, stepName: () => string | null) => (message: string, data?: unknown) => {
    if (replaying()) return
    host.emit({ type: 'log:write', level, message: String(message), data: data ?? null, stepName: stepName() })
  }
  let currentStep: string | null = null
  const branchLog = (level: LogLevel, stepName: string, message: string, data: unknown) =>
    host.emit({ type: 'log:write', level, message: String(message), data: data ?? null, stepName })

  const suspend = (waitingFor: WaitingFor, wakeAt: number | null): Promise<never> => {
    halted = true
    control.onSuspend(waitingFor, wakeAt)
    return suspended
  }

  /** The journaled step at `index` if it completed (checked to be the same step), else undefined. */
  const replayed = (index: number, name: string): JournalStep | undefined => {
    const done = control.journal.get(index)
    if (!done || done.status !== 'completed') return undefined
    if (done.name !== name) {
      throw new Error(`Step ${index} was "${done.name}" when it ran, now "${name}": keep the order of steps stable`)
    }
    return done
  }

  const complete = (index: number, name: string, output: string | null, startedAt: string, started: number, recorded: { metadata?: unknown } = {}) => {
    host.putStep({ index, id: newId(), name, status: 'completed', output, error: null, startedAt, completedAt: new Date().toISOString() })
    const value = output === null ? null : JSON.parse(output)
    const duration = Date.now() - started
    host.emit(
      recorded.metadata === undefined
        ? { type: 'step:complete', stepName: name, stepIndex: index, output: value, duration }
        : { type: 'step:complete', stepName: name, stepIndex: index, output: value, duration, metadata: recorded.metadata },
    )
  }

  /** The number of this attempt of step `index`; a start a restart cut off is journaled as an interrupted attempt. */
  const attemptNumber = (index: number, name: string, policy: ResolvedRetryPolicy, inAll: boolean): number => {
    if (!control.mayHavePriorAttempts || (executed > 1 && !inAll)) return 1
    const prior = control.priorAttempts(index)
    if (prior.started > prior.ended && prior.lastStartedAt !== null) {
      const error = new Error(`Attempt ${prior.started} of step "${name}" was cut off by a restart`)
      const attempt = endedAttempt(prior.started, 'interrupted', prior.lastStartedAt, null)
      if (prior.interrupted + 1 >= Math.max(MAX_INTERRUPTED_ATTEMPTS, policy.limit + 1)) {
        const message = `${error.message} (${prior.interrupted + 1} attempts cut off: not retried again)`
        host.putStep({ index, id: newId(), name, status: 'failed', output: null, error: message, startedAt: prior.lastStartedAt, completedAt: new Date().toISOString() })
        host.emit({ type: 'step:fail', stepName: name, stepIndex: index, error: message, ...attempt })
        throw new StepFailure(name, new Error(message))
      }
      host.emit({ type: 'step:retry', stepName: name, stepIndex: index, error: error.message, ...attempt, nextAttemptAt: new Date().toISOString() })
    }
    return prior.started + 1
  }

  const sleepStep = async (name: string, wakeAtOf: () => number): Promise<void> => {
    if (stopped()) return suspended
    const index = nextIndex++
    if (replayed(index, name)) return
    const resumed = control.resumed?.waitingFor
    const isResumed = resumed?.kind === 'sleep' && resumed.stepIndex === index
    const wakeAt = isResumed ? (control.resumed?.wakeAt ?? Date.now()) : wakeAtOf()
    const startedAt = new Date().toISOString()
    if (!isResumed) host.emit({ type: 'step:start', stepName: name, stepIndex: index })
    if (wakeAt > Date.now()) {
      return suspend({ kind: 'sleep', stepName: name, stepIndex: index, attempt: null, error: null }, wakeAt)
    }
    complete(index, name, null, startedAt, Date.now())
    await host.afterStep()
    if (stopped()) return suspended
  }

  /** One step; `inAll` for a branch of step.all (it never yields, and a retry waits for the other branches). */
  const runStep = async <T>(name: string, fn: (signal: AbortSignal, attempt: StepAttempt) => T | Promise<T>, options: StepOptions | undefined, inAll: boolean): Promise<T> => {
    if (stopped()) return suspended
    const index = nextIndex++
    const done = replayed(index, name)
    if (done) return (done.output === null ? undefined : JSON.parse(done.output)) as T
    // Each invocation executes at least one new step, so a run always moves forward.
    if (!inAll && executed > 0 && Date.now() >= control.deadline) {
      control.onYield()
      return suspended
    }
    executed++
    const policy = options?.retries === undefined ? control.jobRetries : resolveRetryPolicy(options.retries, `step "${name}" retries`)
    const timeout = options?.timeout === undefined ? null : { stepName: name, ms: durationMs(options.timeout, `step "${name}" timeout`) }
    const number = attemptNumber(index, name, policy, inAll)
    const startedAt = new Date().toISOString()
    const started = Date.now()
    currentStep = name
    host.emit(number === 1 ? { type: 'step:start', stepName: name, stepIndex: index } : { type: 'step:start', stepName: name, stepIndex: index, attempt: number })
    const attempt = new AttemptHandle(number, name, branchLog, options?.metadata)
    let result: AttemptResult<T>
    if (timeout === null) {
      // The common case, inline: no timer, no signal of its own.
      try {
        result = { ok: true, value: await fn(signal, attempt) }
      } catch (error) {
        result = { ok: false, error, outcome: 'failed' }
      }
    } else result = await runAttempt(fn, signal, attempt, timeout)
    currentStep = null
    if (stopped()) return suspended
    if (!result.ok) {
      const message = errorMessage(result.error)
      const ended = { ...endedAttempt(number, result.outcome, startedAt, result.error), ...attempt.recorded }
      const retryAt = nextAttemptAt(policy, number, result.error)
      if (retryAt !== null) {
        host.emit({ type: 'step:retry', stepName: name, stepIndex: index, error: message, ...ended, nextAttemptAt: new Date(retryAt).toISOString() })
        const waitingFor: WaitingFor = { kind: 'retry', stepName: name, stepIndex: index, attempt: number + 1, error: message }
        if (inAll) throw new RetryLater(waitingFor, retryAt)
        return suspend(waitingFor, retryAt)
      }
      host.putStep({ index, id: newId(), name, status: 'failed', output: null, error: message, startedAt, completedAt: new Date().toISOString() })
      host.emit({ type: 'step:fail', stepName: name, stepIndex: index, error: message, ...ended })
      throw new StepFailure(name, result.error)
    }
    const output = result.value === undefined ? null : JSON.stringify(result.value)
    complete(index, name, output, startedAt, started, attempt.recorded)
    await host.afterStep()
    if (stopped()) return suspended
    return (output === null ? undefined : JSON.parse(output)) as T
  }

  return {
    runId: host.runId,
    signal,
    isAborted: () => signal.aborted,
    throwIfAborted() {
      if (signal.aborted) throw new CancelledError()
    },
    run<T>(name: string, fn: (signal: AbortSignal, attempt: StepAttempt) => T | Promise<T>, options?: StepOptions): Promise<T> {
      return runStep(name, fn, options, false)
    },
    async all<T extends Record<string, (signal: AbortSignal, attempt: StepAttempt) => unknown>>(branches: T): Promise<BranchResults<T>> {
      if (stopped()) return suspended
      const names = Object.keys(branches)
      // Indexes are taken in key order as the branches start, so a replay finds each branch at its index again.
      const settled = await Promise.allSettled(names.map((name) => runStep(name, branches[name] as (signal: AbortSignal, attempt: StepAttempt) => unknown, undefined, true)))
      if (stopped()) return suspended
      const failure = settled.find((outcome) => outcome.status === 'rejected' && !(outcome.reason instanceof RetryLater))
      if (failure) throw (failure as PromiseRejectedResult).reason
      const retries = settled.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as RetryLater] : []))
      if (retries.length > 0) {
        const first = retries.reduce((earliest, retry) => (retry.wakeAt < earliest.wakeAt ? retry : earliest))
        return suspend(first.waitingFor, first.wakeAt)
      }
      return Object.fromEntries(names.map((name, i) => [name, (settled[i] as PromiseFulfilledResult<unknown>).value])) as BranchResults<T>
    },
    sleep(name: string, duration: number | string): Promise<void> {
      const ms = durationMs(duration, `step.sleep("${name}") duration`)
      return sleepStep(name, () => Date.now() + ms)
    },
    sleepUntil(name: string, until: Date | string): Promise<void> {
      const at = until instanceof Date ? until.getTime() : Date.parse(until)
      if (!Number.isFinite(at)) throw new TypeError(`step.sleepUntil("${name}") needs a Date or an ISO 8601 date-time; got ${String(until)}`)
      return sleepStep(name, () => at)
    },
    async prepareWait(name: string, options: PrepareWaitOptions = {}): Promise<DurableWait> {
      if (stopped()) return suspended
      checkWaitOptions(name, options)
      return control.waits.prepare(name, options.metadata, options.timeoutMs)
    },
    async waitFor(wait: { id: string }): Promise<DurableWaitResult> {
      if (stopped()) return suspended
      const result = control.waits.take(wait.id)
      if (result === undefined) throw new Error(`Unknown wait ${String(wait?.id)}: prepare it with step.prepareWait in this run`)
      if (result !== null) return result
      control.waits.suspendOn(wait.id)
      const prepared = wait as Partial<DurableWait>
      const deadline = prepared.deadlineAt ? Date.parse(prepared.deadlineAt) : null
      return suspend({ kind: 'signal', stepName: prepared.name ?? null, stepIndex: null, attempt: null, error: null, waitId: wait.id }, deadline)
    },
    async waitForEvent(name: string, options: WaitForEventOptions): Promise<EventWaitResult> {
      if (stopped()) return suspended
      checkEventWait(name, options)
      const { event, match, timeoutMs } = options
      const wait = control.waits.prepare(name, { event, match: match ?? null }, timeoutMs)
      const ready = control.waits.take(wait.id)
      if (ready) return eventResult(ready)
      // Before suspending: an event sent from now on finds the wait (one sent before it existed does not).
      await control.waits.subscribeEvent(event, wait.id, match ?? null)
      if (stopped()) return suspended
      const result = control.waits.take(wait.id)
      if (result) return eventResult(result)
      control.waits.suspendOn(wait.id)
      const deadline = wait.deadlineAt ? Date.parse(wait.deadlineAt) : null
      return suspend({ kind: 'event', stepName: name, stepIndex: null, attempt: null, error: null, waitId: wait.id, event }, deadline)
    },
    async invoke<T>(name: string, job: { name: string } | string, input: unknown, options: InvokeOptions = {}): Promise<T> {
      if (stopped()) return suspended
      const jobName = typeof job === 'string' ? job : job?.name
      if (typeof jobName !== 'string' || jobName.length === 0) throw new TypeError(`step.invoke("${name}") needs a job or a job name`)
      const wait = control.waits.prepare(`invoke:${name}`, { invoke: jobName }, options.timeoutMs)
      let result = control.waits.take(wait.id)
      if (result === null) {
        await control.children.start(wait.id, jobName, input, options.labels)
        if (stopped()) return suspended
        result = control.waits.take(wait.id)
      }
      if (result === null || result === undefined) {
        control.waits.suspendOn(wait.id)
        const deadline = wait.deadlineAt ? Date.parse(wait.deadlineAt) : null
        return suspend({ kind: 'child', stepName: name, stepIndex: null, attempt: null, error: null, waitId: wait.id, event: jobName }, deadline)
      }
      if (result.type === 'timeout') void control.children.cancel(wait.id).catch(() => {})
      return childOutput<T>(name, result)
    },
    progress(current: number, total?: number, message?: string) {
      if (replaying()) return
      const progress = { current, ...(total === undefined ? {} : { total }), ...(message === undefined ? {} : { message }) }
      host.setProgress(progress)
      host.emit({ type: 'run:progress', progress })
    },
    log: {
      info: log('info', () => currentStep),
      warn: log('warn', () => currentStep),
      error: log('error', () => currentStep),
    },
  }
}
