// Validators for query strings and JSON bodies: zod failures become 400s naming each field.
import type { Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { validator } from 'hono/validator'
import type { z } from 'zod'
import { PayloadTooLargeError, ValidationError } from '../engine/errors'
import { fieldIssues, invalidRequest } from './errors'

const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i

/** Validates the query string (repeated parameters arrive as arrays) against `schema`. */
export function validQuery<TSchema extends z.ZodType>(schema: TSchema) {
  return validator('query', (value): z.output<TSchema> => {
    const result = schema.safeParse(value)
    if (!result.success) throw invalidRequest('query', fieldIssues(result.error))
    return result.data
  })
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new ValidationError('Malformed JSON in request body')
  }
}

/** The body as JSON whatever its Content-Type says (clients such as curl often omit it). */
async function readJson(value: unknown, c: Context): Promise<unknown> {
  const mediaType = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim() ?? ''
  if (JSON_MEDIA_TYPE.test(mediaType)) return value
  const text = await c.req.text()
  if (text.trim() === '') throw new ValidationError('Request body must be JSON')
  return parseJson(text)
}

/** Validates a JSON body against `schema`. Put `limitBody()` before it. */
export function validJson<TSchema extends z.ZodType>(schema: TSchema) {
  return validator('json', async (value, c): Promise<z.output<TSchema>> => {
    const result = schema.safeParse(await readJson(value, c))
    if (!result.success) throw invalidRequest('body', fieldIssues(result.error))
    return result.data
  })
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
