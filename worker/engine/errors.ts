// Errors the engine throws, each with the HTTP status a handler should answer with.
export class DurablyError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
  ) {
    super(message)
    this.name = new.target.name
  }
}

/** One problem with an input: where (a dotted path such as `rows.3.email`) and why. */
export interface FieldIssue {
  path: string
  message: string
}

/** A 400 lists at most this many field issues; `issueCount` says how many there were in all. */
export const MAX_ISSUES = 20

export class ValidationError extends DurablyError {
  /** The first `MAX_ISSUES` problems. */
  readonly issues: FieldIssue[]
  /** How many problems there were in all, listed or not. */
  readonly issueCount: number

  constructor(message: string, issues: FieldIssue[] = [], issueCount = issues.length) {
    super(message, 400)
    this.issues = issues.slice(0, MAX_ISSUES)
    this.issueCount = Math.max(issueCount, this.issues.length)
  }

  /** The same problems, found in the part of a larger request at `prefix` (`runs.3`). */
  under(prefix: string): ValidationError {
    const issues = this.issues.map((issue) => ({ ...issue, path: issue.path ? `${prefix}.${issue.path}` : prefix }))
    return new ValidationError(`${prefix}: ${this.message}`, issues, this.issueCount)
  }
}

export class NotFoundError extends DurablyError {
  constructor(message: string) {
    super(message, 404)
  }
}

export class ConflictError extends DurablyError {
  constructor(message: string) {
    super(message, 409)
  }
}

/** The thing asked for existed but is over for good (a wait whose deadline passed). */
export class GoneError extends DurablyError {
  constructor(message: string) {
    super(message, 410)
  }
}

export class PayloadTooLargeError extends DurablyError {
  constructor(message: string) {
    super(message, 413)
  }
}

/** Thrown inside a run when it was cancelled or its lease was lost. */
export class CancelledError extends Error {
  constructor(message = 'Run was cancelled') {
    super(message)
    this.name = 'CancelledError'
  }
}

/** Thrown by a step's function: the step fails at once, whatever its retry policy. */
export class NonRetryableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'NonRetryableError'
  }
}

/** How a step's attempt fails when it outlives its `timeout` (whether or not its code honours the signal). */
export class StepTimeoutError extends Error {
  constructor(stepName: string, timeoutMs: number) {
    super(`Step "${stepName}" timed out after ${timeoutMs} ms`)
    this.name = 'StepTimeoutError'
  }
}

/** True for a NonRetryableError, also one thrown from another copy of the engine (matched by name). */
export function isNonRetryable(error: unknown): boolean {
  return error instanceof NonRetryableError || (error instanceof Error && error.name === 'NonRetryableError')
}

/** Longest stack kept with a failed attempt. */
const MAX_STACK_CHARS = 4_000

/** The stack of a thrown Error (cut to a few KB), or null for anything else. */
export function errorStack(error: unknown): string | null {
  if (!(error instanceof Error) || typeof error.stack !== 'string') return null
  return error.stack.length > MAX_STACK_CHARS ? `${error.stack.slice(0, MAX_STACK_CHARS)}…` : error.stack
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  return typeof error === 'string' ? error : JSON.stringify(error)
}
