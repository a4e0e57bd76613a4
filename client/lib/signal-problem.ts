// What went wrong sending a signal, in words, placed where the form shows it: beside a field or above the button.
import { ApiError } from './api'

/** The signal payload limit the server enforces (256 KiB of JSON). */
export const MAX_PAYLOAD_BYTES = 256 * 1024

export interface SignalProblem {
  /** The sentence shown above the send button (null when every issue sits beside its field). */
  message: string | null
  /** Issues by field: beside the payload field, or beside the shown signal id. */
  fields: { payload?: string; signalId?: string }
  /** Whether the wait no longer takes an answer (answered, expired, gone, or its run ended): sending again is pointless. */
  final: boolean
}

const SENTENCES: Record<number, { message: string; final: boolean }> = {
  403: { message: 'You are not allowed to answer this wait.', final: true },
  404: { message: 'This wait does not exist in this run (any more).', final: true },
  409: { message: 'Not sent: this wait was already answered by another signal, or its run has finished.', final: true },
  410: { message: 'Too late: the deadline of this wait has passed, so it no longer takes an answer.', final: true },
  413: { message: 'The payload is too large: a signal carries at most 256 KiB of JSON.', final: false },
}

/**
 * The problem an error of `POST /signal` means to the person sending it: a 400's issues by field (`signalId`,
 * `payload`), a clear sentence for 403, 404, 409, 410 and 413, the server's message otherwise; a failed request (no
 * answer) says the signal may be sent again safely, as the same signal id counts once.
 */
export function signalProblem(error: unknown): SignalProblem {
  if (!(error instanceof ApiError)) {
    return { message: 'The server could not be reached. Send again: the same signal id makes a repeat count once.', fields: {}, final: false }
  }
  const known = SENTENCES[error.status]
  if (known) return { ...known, fields: {} }
  if (error.status === 400 && error.issues.length > 0) {
    const fields: SignalProblem['fields'] = {}
    const other: string[] = []
    for (const issue of error.issues) {
      const field = issue.path.split('.')[0]
      if (field === 'payload' || field === 'signalId') fields[field] = fields[field] ? `${fields[field]}; ${issue.message}` : issue.message
      else other.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message)
    }
    return { message: other.length > 0 ? other.join('; ') : null, fields, final: false }
  }
  return { message: error.message, fields: {}, final: false }
}

/** The payload's own problem before anything is sent: a payload over the limit. */
export function payloadTooLarge(text: string): SignalProblem | null {
  return new TextEncoder().encode(text).length > MAX_PAYLOAD_BYTES ? signalProblem(new ApiError('Payload too large', 413)) : null
}
