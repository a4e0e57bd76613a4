// Converts zod schemas to OpenAPI 3.1 schema objects and query parameters.
import { z } from 'zod'

export type SchemaObject = Record<string, unknown>

/** The JSON Schema of `schema` as a request (`input`) or answer (`output`) shape, without the `$schema` key. */
export function toSchemaObject(schema: z.ZodType, io: 'input' | 'output'): SchemaObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as SchemaObject
  return rest
}

export interface ParameterObject {
  name: string
  in: 'query' | 'header'
  required: boolean
  schema: SchemaObject
  description?: string
  style?: 'form'
  explode?: boolean
}

/** One OpenAPI query parameter per property of an object schema; array-capable ones repeat (`?a=1&a=2`). */
export function queryParameters(schema: z.ZodObject): ParameterObject[] {
  const objectSchema = toSchemaObject(schema, 'input')
  const properties = (objectSchema.properties ?? {}) as Record<string, SchemaObject>
  const required = new Set((objectSchema.required ?? []) as string[])
  return Object.entries(properties).map(([name, property]) => {
    const repeats = JSON.stringify(property).includes('"type":"array"')
    return {
      name,
      in: 'query' as const,
      required: required.has(name),
      schema: property,
      ...(repeats ? { style: 'form' as const, explode: true } : {}),
    }
  })
}
