// Validators for query strings and JSON bodies: zod failures become 400s naming each field.
import type { Context, Env, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { z } from 'zod'
import { PayloadTooLargeError, ValidationError } from '../engine/errors'
import { fieldIssues, invalidRequest } from './errors'

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
    if (!result.success) throw invalidRequest(target === 'json' ? 'body' : 'query', fieldIssues(result.error))
    c.req.addValidatedData(target, result.data as object)
    await next()
  }
}

/** Query parameters; a repeated one (`?status=a&status=b`) arrives as an array. */
function readQuery(c: Context): Record<string, string | string[]> {
  const entries = Object.entries(c.req.queries()).map(([name, values]) => [name, values.length === 1 ? values[0] : values])
  return Object.fromEntries(entries)
}

/** The body as JSON whatever its Content-Type says (clients such as curl often omit it). */
async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text()
  if (text.trim() === '') throw new ValidationError('Request body must be JSON', [{ path: '', message: 'empty body' }])
  try {
    return JSON.parse(text)
  } catch {
    throw new ValidationError('Malformed JSON in request body', [{ path: '', message: 'not valid JSON' }])
  }
}

/** Validates the query string against `schema`. */
export function validQuery<TSchema extends z.ZodType>(schema: TSchema): Validated<'query', TSchema> {
  return validated('query', schema, readQuery)
}

/** Validates a JSON body against `schema`. Put `limitBody()` before it. */
export function validJson<TSchema extends z.ZodType>(schema: TSchema): Validated<'json', TSchema> {
  return validated('json', schema, readJson)
}

/** Refuses bodies larger than `maxBytes` with a 413 before anything reads them. */
export function limitBody(maxBytes: number) {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new PayloadTooLargeError(`Request body is larger than ${maxBytes} bytes`)
    },
  })
}
