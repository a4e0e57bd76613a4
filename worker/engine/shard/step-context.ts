// The `step` object a job receives: replays journaled steps, executes new ones, reports progress and logs.
import { CancelledError, errorMessage } from '../errors'
import type { RunEventBody } from '../protocol/events'
import { newId } from '../ids'
import type { JournalStep } from './run-journal'
import type { LogLevel, StepAttempt, StepContext } from '../types'

const FIRST_ATTEMPT: StepAttempt = Object.freeze({ number: 1 })

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
}

/** A promise that never settles: the job's code stays suspended and is dropped with this invocation. */
const suspended = new Promise<never>(() => {})

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
  const replayedCount = control.journal.size
  const { signal } = control
  // Code between journaled steps ran before; its logs and progress are already stored.
  const replaying = () => nextIndex < replayedCount

  const log = (level: LogLevel, stepName: () => string | null) => (message: string, data?: unknown) => {
    if (replaying()) return
    host.emit({ type: 'log:write', level, message: String(message), data: data ?? null, stepName: stepName() })
  }
  let currentStep: string | null = null

  return {
    runId: host.runId,
    signal,
    isAborted: () => signal.aborted,
    throwIfAborted() {
      if (signal.aborted) throw new CancelledError()
    },
    async run<T>(name: string, fn: (signal: AbortSignal, attempt: StepAttempt) => T | Promise<T>): Promise<T> {
      if (signal.aborted) return suspended
      const index = nextIndex++
      const done = control.journal.get(index)
      if (done && done.status === 'completed') {
        if (done.name !== name) {
          throw new Error(`Step ${index} was "${done.name}" when it ran, now "${name}": keep the order of steps stable`)
        }
        return (done.output === null ? undefined : JSON.parse(done.output)) as T
      }
      // Each invocation executes at least one new step, so a run always moves forward.
      if (executed > 0 && Date.now() >= control.deadline) {
        control.onYield()
        return suspended
      }
      executed++
      const startedAt = new Date().toISOString()
      const started = Date.now()
      currentStep = name
      host.emit({ type: 'step:start', stepName: name, stepIndex: index })
      let value: T
      try {
        value = await fn(signal, FIRST_ATTEMPT)
      } catch (error) {
        currentStep = null
        if (signal.aborted) return suspended
        const message = errorMessage(error)
        host.putStep({ index, id: newId(), name, status: 'failed', output: null, error: message, startedAt, completedAt: new Date().toISOString() })
        host.emit({ type: 'step:fail', stepName: name, stepIndex: index, error: message })
        throw new StepFailure(name, error)
      }
      currentStep = null
      if (signal.aborted) return suspended
      const output = value === undefined ? null : JSON.stringify(value)
      host.putStep({ index, id: newId(), name, status: 'completed', output, error: null, startedAt, completedAt: new Date().toISOString() })
      host.emit({
        type: 'step:complete',
        stepName: name,
        stepIndex: index,
        output: output === null ? null : JSON.parse(output),
        duration: Date.now() - started,
      })
      await host.afterStep()
      if (signal.aborted) return suspended
      return (output === null ? undefined : JSON.parse(output)) as T
    },
    sleep(): Promise<void> {
      throw new Error('step.sleep is not available yet')
    },
    sleepUntil(): Promise<void> {
      throw new Error('step.sleepUntil is not available yet')
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
