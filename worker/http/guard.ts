// Runs an auth hook so that a refusal always becomes a 4xx: Responses and engine errors pass, the rest is 403.
import { ForbiddenError, ResponseThrown } from './errors'

function isStatusError(error: unknown): boolean {
  return error instanceof Error && typeof (error as { statusCode?: unknown }).statusCode === 'number'
}

/** Calls `hook`; a plain `Error` it throws means "denied" and becomes a 403 carrying its message. */
export async function guard<T>(hook: () => T | Promise<T>): Promise<T> {
  try {
    return await hook()
  } catch (error) {
    if (error instanceof Response) throw new ResponseThrown(error)
    if (isStatusError(error)) throw error
    throw new ForbiddenError(error instanceof Error && error.message ? error.message : 'Forbidden')
  }
}
