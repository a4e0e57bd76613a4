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

export class ValidationError extends DurablyError {
  constructor(
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message, 400)
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

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message
  return typeof error === 'string' ? error : JSON.stringify(error)
}
