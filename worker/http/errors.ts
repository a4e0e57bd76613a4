// Turns anything thrown while serving a request into a JSON error answer with the right status.
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ZodError } from 'zod'
import { DurablyError, type FieldIssue, ValidationError } from '../engine/errors'

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

export function jsonError(
  message: string,
  status: ContentfulStatusCode,
  extra: { issues?: FieldIssue[]; headers?: HeadersInit } = {},
): Response {
  const body = extra.issues ? { error: message, issues: extra.issues } : { error: message }
  const headers = new Headers(extra.headers)
  headers.set('Content-Type', 'application/json')
  return new Response(JSON.stringify(body), { status, headers })
}

type ZodIssue = ZodError['issues'][number]

/** Of a union's failed branches, the one that says most: the deepest paths, then not a bare type mismatch. */
function mostSpecificBranch(branches: ZodIssue[][]): ZodIssue[] {
  const score = (branch: ZodIssue[]) => {
    const depth = Math.max(0, ...branch.map((issue) => issue.path.length))
    const bareType = branch.every((issue) => issue.code === 'invalid_type' && issue.path.length === 0)
    return depth * 2 + (bareType ? 0 : 1)
  }
  return branches.reduce((best, branch) => (score(branch) > score(best) ? branch : best))
}

function flattenIssue(issue: ZodIssue, parentPath: PropertyKey[]): { path: PropertyKey[]; message: string }[] {
  const path = [...parentPath, ...issue.path]
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    return mostSpecificBranch(issue.errors).flatMap((inner) => flattenIssue(inner, path))
  }
  return [{ path, message: issue.message }]
}

/** Zod issues as `{path, message}` with dotted paths (`rows.3.email`), optionally under a prefix. */
export function fieldIssues(error: ZodError, prefix?: string): FieldIssue[] {
  return error.issues
    .flatMap((issue) => flattenIssue(issue, prefix ? [prefix] : []))
    .map(({ path, message }) => ({ path: path.map(String).join('.'), message }))
}

/** A 400 naming every field that failed and why. */
export function invalidRequest(what: string, issues: FieldIssue[]): ValidationError {
  const details = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
  return new ValidationError(`Invalid ${what}: ${details.join('; ')}`, issues)
}

interface StatusCarrier {
  message: string
  statusCode: number
  issues?: unknown
}

/** Engine errors may cross an RPC boundary and lose their class, so they are recognised by shape. */
function carriesStatus(error: unknown): error is StatusCarrier {
  if (!(error instanceof Error)) return false
  const status = (error as Partial<StatusCarrier>).statusCode
  return typeof status === 'number' && status >= 400 && status <= 599
}

function issuesOf(error: StatusCarrier): FieldIssue[] | undefined {
  return Array.isArray(error.issues) ? (error.issues as FieldIssue[]) : undefined
}

/** The answer for an error: Responses pass through, engine errors keep their status, the rest is a 500. */
export function errorToResponse(error: unknown): Response {
  if (error instanceof Response) return error
  if (error instanceof ResponseThrown) return error.response
  if (error instanceof HTTPException) {
    const message = error.message || 'Request failed'
    return jsonError(message, error.status, error.status === 400 ? { issues: [] } : {})
  }
  if (carriesStatus(error)) {
    const status = error.statusCode as ContentfulStatusCode
    const issues = status === 400 ? (issuesOf(error) ?? []) : undefined
    return jsonError(error.message, status, issues ? { issues } : {})
  }
  console.error('Unhandled error while serving a durably request', error)
  return jsonError('Internal server error', 500)
}
