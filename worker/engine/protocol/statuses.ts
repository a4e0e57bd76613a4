// The statuses of runs and steps and the log levels, defined once; the client imports this file at runtime.

/** Every run status, in display order. */
export const RUN_STATUSES = ['pending', 'leased', 'waiting', 'completed', 'failed', 'cancelled'] as const
export type RunStatus = (typeof RUN_STATUSES)[number]

/** A run in one of these has ended for good: it is never executed again. */
export const TERMINAL_STATUSES = ['completed', 'failed', 'cancelled'] as const satisfies readonly RunStatus[]
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number]

/** A run in one of these may still execute (it is waiting for its turn or running). */
export const ACTIVE_STATUSES = ['pending', 'leased'] as const satisfies readonly RunStatus[]

/** A waiting run is suspended (a sleep, a retry's backoff): it holds no lease and no key until it resumes. */
export const WAITING_STATUSES = ['waiting'] as const satisfies readonly RunStatus[]

export function isWaitingStatus(status: string | null | undefined): boolean {
  return (WAITING_STATUSES as readonly string[]).includes(status ?? '')
}

export function isTerminalStatus(status: string | null | undefined): status is TerminalStatus {
  return (TERMINAL_STATUSES as readonly string[]).includes(status ?? '')
}

export function isActiveStatus(status: string | null | undefined): boolean {
  return (ACTIVE_STATUSES as readonly string[]).includes(status ?? '')
}

/** How an attempt of a step that did not complete ended (a completed attempt is the step itself). */
export const ATTEMPT_OUTCOMES = ['failed', 'timed_out', 'interrupted'] as const
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number]

/** What a waiting (or delayed pending) run waits for. */
export const WAIT_KINDS = ['delay', 'sleep', 'retry', 'signal', 'event', 'child'] as const
export type WaitKind = (typeof WAIT_KINDS)[number]

/** A durable wait's life: pending until a signal or its deadline resolves it; cancelled or closed with its run. */
export const WAIT_STATUSES = ['pending', 'resolved', 'cancelled', 'closed'] as const
export type WaitStatus = (typeof WAIT_STATUSES)[number]

/** How a durable wait was resolved. */
export const WAIT_OUTCOMES = ['signal', 'timeout'] as const
export type WaitOutcome = (typeof WAIT_OUTCOMES)[number]

/** How a stored step ended. */
export const STEP_STATUSES = ['completed', 'failed', 'cancelled'] as const
export type StepStatus = (typeof STEP_STATUSES)[number]

export const LOG_LEVELS = ['info', 'warn', 'error'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]
