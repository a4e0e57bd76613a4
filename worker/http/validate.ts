// Validators for query strings and JSON bodies: zod failures become 400s naming each field; bodies are read up to a bound.
import { concatBytes } from '../engine/bytes'
import type { Context, Env, MiddlewareHandler } from 'hono'
import type { z } from 'zod'
import { PayloadTooLargeError, ValidationError } from '../engine/errors'
import { invalidFields } from '../engine/trigger/field-issues'
import { DEFAULT_MAX_BODY_BYTES } from './defaults'

/** Deepest nesting of arrays and objects a JSON body may have. */
export const MAX_JSON_DEPTH = 64

/** What a validator tells Hono (and so `hc`): the shape clients send in, and the parsed shape handlers get out. */
type Validated<TTarget extends 'query' | 'json', TSchema extends z.ZodType> = MiddlewareHandler<
  Env,
  string,
  { in: { [K in TTarget]: z.input<TSchema> }; out: { [K in TTarget]: z.output<TSchema> } }
>

function validated<TTarget extends 'query' | 'json', TSchema extends z.ZodType>(
  target: TTarget,
  schema: TSchema,
  read: (c: Context) => unknown,
): Validated<TTarget, TSchema> {
  return async (c, next) => {
    const result = await schema.safeParseAsync(await read(c))
    if (!result.success) throw invalidFields(target === 'json' ? 'body' : 'query', result.error)
    c.req.addValidatedData(target, result.data as object)
    await next()
  }
}

/** Query parameters; a repeated one (`?status=a&status=b`) arrives as an array. */
function readQuery(c: Context): Record<string, string | string[]> {
  const entries = Object.entries(c.req.queries()).map(([name, values]) => [name, values.length === 1 ? values[0] : values])
  return Object.fromEntries(entries)
}

/** The largest body each request may send, set by `limitBody` (requests without it get the default). */
const bodyLimits = new WeakMap<Request, number>()

function tooLarge(maxBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`Request body is larger than ${maxBytes} bytes`)
}

/** The body's bytes, read until `maxBytes`: past that the stream is cancelled (the sender may stop) and 413 thrown. */
async function readBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0)
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      reader.cancel().catch(() => {})
      throw tooLarge(maxBytes)
    }
    chunks.push(value)
  }
  return concatBytes(chunks)
}

/** Whether `json` (valid JSON text) nests arrays and objects deeper than `limit`, by one pass over its characters. */
function nestsDeeperThan(json: string, limit: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < json.length; i++) {
    const char = json.charCodeAt(i)
    if (inString) {
      if (char === 0x5c) i++ // a backslash escapes the next character
      else if (char === 0x22) inString = false
    } else if (char === 0x22) inString = true
    else if (char === 0x5b || char === 0x7b) {
      if (++depth > limit) return true
    } else if (char === 0x5d || char === 0x7d) depth--
  }
  return false
}

function badBody(message: string, detail: string): ValidationError {
  return new ValidationError(message, [{ path: '', message: detail }])
}

/** The body as JSON whatever its Content-Type says (clients such as curl often omit it): UTF-8, bounded, not too deep. */
function readJson(c: Context): Promise<unknown> {
  return readJsonOr(c, undefined)
}

/** Like `readJson`, reading an empty body as `{}` (for requests whose body is optional). */
function readJsonOrEmpty(c: Context): Promise<unknown> {
  return readJsonOr(c, {})
}

async function readJsonOr(c: Context, empty: unknown): Promise<unknown> {
  const bytes = await readBytes(c.req.raw, bodyLimits.get(c.req.raw) ?? DEFAULT_MAX_BODY_BYTES)
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw badBody('Request body is not valid UTF-8', 'not valid UTF-8')
  }
  if (text.trim() === '') {
    if (empty !== undefined) return empty
    throw badBody('Request body must be JSON', 'empty body')
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw badBody('Malformed JSON in request body', 'not valid JSON')
  }
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
    throw badBody(`Request body nests deeper than ${MAX_JSON_DEPTH} levels`, `nested deeper than ${MAX_JSON_DEPTH} levels`)
  }
  return value
}

/** Validates the query string against `schema`. */
export function validQuery<TSchema extends z.ZodType>(schema: TSchema): Validated<'query', TSchema> {
  return validated('query', schema, readQuery)
}

/** Validates a JSON body against `schema`. Put `limitBody()` before it (without, bodies are bounded by the default). */
export function validJson<TSchema extends z.ZodType>(schema: TSchema): Validated<'json', TSchema> {
  return validated('json', schema, readJson)
}

/** Validates an optional JSON body against `schema` (an empty body is `{}`). */
export function validOptionalJson<TSchema extends z.ZodType>(schema: TSchema): Validated<'json', TSchema> {
  return validated('json', schema, readJsonOrEmpty)
}

/**
 * Bounds the body to `maxBytes`: a larger Content-Length gets 413 at once, and a body without one (chunked) is read
 * by `validJson` only up to `maxBytes`, then cancelled with a 413.
 */
export function limitBody(maxBytes: number): MiddlewareHandler {
  return async (c, next) => {
    const declared = c.req.header('Content-Length')
    if (declared !== undefined && Number(declared) > maxBytes) throw tooLarge(maxBytes)
    bodyLimits.set(c.req.raw, maxBytes)
    await next()
  }
}
