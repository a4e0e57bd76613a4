// The statuses of runs and steps and the log levels, defined once; the client imports this file at runtime.

/** Every run status, in display order. */
export const RUN_STATUSES = ['pending', 'leased', 'completed', 'failed', 'cancelled'] as const
export type RunStatus = (typeof RUN_STATUSES)[number]

/** A run in one of these has ended for good: it is never executed again. */
export const TERMINAL_STATUSES = ['completed', 'failed', 'cancelled'] as const satisfies readonly RunStatus[]
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number]

/** A run in one of these may still execute (it is waiting for its turn or running). */
export const ACTIVE_STATUSES = ['pending', 'leased'] as const satisfies readonly RunStatus[]

export function isTerminalStatus(status: string | null | undefined): status is TerminalStatus {
  return (TERMINAL_STATUSES as readonly string[]).includes(status ?? '')
}

export function isActiveStatus(status: string | null | undefined): boolean {
  return (ACTIVE_STATUSES as readonly string[]).includes(status ?? '')
}

/** How a stored step ended. */
export const STEP_STATUSES = ['completed', 'failed', 'cancelled'] as const
export type StepStatus = (typeof STEP_STATUSES)[number]

export const LOG_LEVELS = ['info', 'warn', 'error'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]
