// Turns anything thrown while serving a request into a JSON error answer with the right status.
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { DurablyError, type FieldIssue, MAX_ISSUES } from '../engine/errors'

/** Thrown when an auth hook refuses a request. */
export class ForbiddenError extends DurablyError {
  constructor(message = 'Forbidden') {
    super(message, 403)
  }
}

/**
 * Carries a `Response` that a hook threw. Hono hands only `Error`s to the error handler, so a bare thrown Response
 * would escape the app; wrapped, it reaches `errorToResponse` and is sent as it is.
 */
export class ResponseThrown extends Error {
  constructor(readonly response: Response) {
    super(`Responded with ${response.status}`)
  }
}

/** Thrown when a request carries no usable credentials. */
export class UnauthorizedError extends DurablyError {
  constructor(message = 'Unauthorized') {
    super(message, 401)
  }
}

/** The fields a 400 adds to `error`: the first problems, and how many there were in all. */
export interface IssueList {
  issues: FieldIssue[]
  issueCount: number
}

export function jsonError(
  message: string,
  status: ContentfulStatusCode,
  extra: { issues?: IssueList; headers?: HeadersInit } = {},
): Response {
  const body = extra.issues ? { error: message, ...extra.issues } : { error: message }
  const headers = new Headers(extra.headers)
  headers.set('Content-Type', 'application/json')
  // Every 401 says how to authenticate (RFC 9110): with a bearer token.
  if (status === 401 && !headers.has('WWW-Authenticate')) headers.set('WWW-Authenticate', 'Bearer')
  return new Response(JSON.stringify(body), { status, headers })
}

interface StatusCarrier {
  message: string
  statusCode: number
  issues?: unknown
  issueCount?: unknown
}

/** Engine errors may cross an RPC boundary and lose their class, so they are recognised by shape. */
function carriesStatus(error: unknown): error is StatusCarrier {
  if (!(error instanceof Error)) return false
  const status = (error as Partial<StatusCarrier>).statusCode
  return typeof status === 'number' && status >= 400 && status <= 599
}

/** A 400's issues, at most `MAX_ISSUES` of them, with the count of all. */
function issuesOf(error: StatusCarrier): IssueList {
  const all = Array.isArray(error.issues) ? (error.issues as FieldIssue[]) : []
  const count = typeof error.issueCount === 'number' ? error.issueCount : all.length
  const issues = all.slice(0, MAX_ISSUES)
  return { issues, issueCount: Math.max(count, issues.length) }
}

/** A Response a hook threw, with `WWW-Authenticate` added when it is a 401 without one. */
function withChallenge(response: Response): Response {
  if (response.status !== 401 || response.headers.has('WWW-Authenticate')) return response
  const answer = new Response(response.body, response)
  answer.headers.set('WWW-Authenticate', 'Bearer')
  return answer
}

/** The answer for an error: Responses pass through, engine errors keep their status, the rest is a 500. */
export function errorToResponse(error: unknown): Response {
  if (error instanceof Response) return withChallenge(error)
  if (error instanceof ResponseThrown) return withChallenge(error.response)
  if (error instanceof HTTPException) {
    const message = error.message || 'Request failed'
    return jsonError(message, error.status, error.status === 400 ? { issues: { issues: [], issueCount: 0 } } : {})
  }
  if (carriesStatus(error)) {
    const status = error.statusCode as ContentfulStatusCode
    return jsonError(error.message, status, status === 400 ? { issues: issuesOf(error) } : {})
  }
  console.error('Unhandled error while serving a durably request', error)
  return jsonError('Internal server error', 500)
}
