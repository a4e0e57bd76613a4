// One attempt of a step's function under a timeout: its AbortSignal, its deadline (a timed-out attempt fails even if its code ignores
// the signal; a late result is dropped), and what happens after it fails (retry after a backoff, or fail the step).
import { StepTimeoutError, errorStack, isNonRetryable } from '../errors'
import type { EventOf } from '../protocol/events'
import { retryDelayMs, type ResolvedRetryPolicy } from '../time/retry-policy'
import type { AttemptOutcome, LogLevel, StepAttempt } from '../types'

/** What one attempt came to. */
export type AttemptResult<T> = { ok: true; value: T } | { ok: false; error: unknown; outcome: Exclude<AttemptOutcome, 'interrupted'> }

/**
 * Runs `fn` once under a deadline: the attempt gets its own signal that also follows the run's, and the first of
 * result and deadline wins. (A step without a timeout is called directly by the step context: it pays for none of this.)
 */
export async function runAttempt<T>(
  fn: (signal: AbortSignal, attempt: StepAttempt) => T | Promise<T>,
  runSignal: AbortSignal,
  attempt: StepAttempt,
  timeout: { stepName: string; ms: number },
): Promise<AttemptResult<T>> {
  const controller = new AbortController()
  const follow = () => controller.abort(runSignal.reason)
  runSignal.addEventListener('abort', follow, { once: true })
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<AttemptResult<T>>((resolve) => {
    timer = setTimeout(() => {
      const error = new StepTimeoutError(timeout.stepName, timeout.ms)
      controller.abort(error)
      resolve({ ok: false, error, outcome: 'timed_out' })
    }, timeout.ms)
  })
  const attemptResult = (async (): Promise<AttemptResult<T>> => {
    try {
      return { ok: true, value: await fn(controller.signal, attempt) }
    } catch (error) {
      return { ok: false, error, outcome: 'failed' }
    }
  })()
  try {
    return await Promise.race([attemptResult, deadline])
  } finally {
    clearTimeout(timer)
    runSignal.removeEventListener('abort', follow)
  }
}

/** The journaled record of an attempt that did not complete, as its step:retry / step:fail events carry it. */
export function endedAttempt(
  attempt: number,
  outcome: AttemptOutcome,
  startedAt: string,
  error: unknown,
): Pick<EventOf<'step:retry'>, 'attempt' | 'outcome' | 'attemptStartedAt' | 'stack'> {
  return { attempt, outcome, attemptStartedAt: startedAt, stack: errorStack(error) }
}

/** When attempt `attempt` failed with `error` under `policy`: the time its retry is due, or null when the step fails. */
export function nextAttemptAt(policy: ResolvedRetryPolicy, attempt: number, error: unknown, now = Date.now()): number | null {
  if (isNonRetryable(error) || attempt > policy.limit) return null
  return now + retryDelayMs(policy, attempt + 1)
}

/**
 * A restart may cut an attempt off (the journal has its start, not its end). Such a step runs again even without a
 * retry policy, as steps always have, but only this many times in all, so a step that brings its isolate down
 * cannot loop for ever.
 */
export const MAX_INTERRUPTED_ATTEMPTS = 5

const NOTHING_RECORDED: { metadata?: unknown } = Object.freeze({})

/** Largest attempt metadata, as JSON characters. */
export const MAX_ATTEMPT_METADATA_CHARS = 64 * 1024

/** Writes a log line attributed to a step (how an attempt logs, also from a branch of step.all). */
export type StepLogWriter = (level: LogLevel, stepName: string, message: string, data: unknown) => void

/** The attempt a step's function gets: its number, and a log that names its step even beside concurrent branches. */
export class AttemptHandle implements StepAttempt {
  private logger: StepAttempt['log'] | null = null
  /** What the attempt recorded (undefined: nothing, so its events carry no field). */
  metadata: unknown

  constructor(
    readonly number: number,
    private readonly stepName: string,
    private readonly write: StepLogWriter,
    metadata?: unknown,
  ) {
    if (metadata !== undefined) this.setMetadata(metadata)
  }

  /** Replaces what the attempt recorded (JSON, at most 64 KiB); a value that is not JSON leaves the last one. */
  setMetadata(value: unknown): void {
    const text = JSON.stringify(value ?? null)
    if (text === undefined) throw new TypeError(`attempt.setMetadata of step "${this.stepName}" needs JSON`)
    if (text.length > MAX_ATTEMPT_METADATA_CHARS) throw new TypeError(`attempt.setMetadata of step "${this.stepName}": at most ${MAX_ATTEMPT_METADATA_CHARS} characters of JSON`)
    this.metadata = JSON.parse(text)
  }

  /** The metadata field of the attempt's events: present only when the attempt recorded something. */
  get recorded(): { metadata?: unknown } {
    return this.metadata === undefined ? NOTHING_RECORDED : { metadata: this.metadata }
  }

  get log(): StepAttempt['log'] {
    this.logger ??= {
      info: (message, data) => this.write('info', this.stepName, message, data),
      warn: (message, data) => this.write('warn', this.stepName, message, data),
      error: (message, data) => this.write('error', this.stepName, message, data),
    }
    return this.logger
  }
}
