// Builds the OpenAPI 3.1 document from the endpoint list and the registered jobs' input schemas.
import type { AnyJobDefinition } from '../../engine/types'
import { triggerBodySchema } from '../schemas/requests'
import { errorSchema } from '../schemas/responses'
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_INPUT_BYTES } from '../defaults'
import type { Endpoint } from './endpoints'
import { queryParameters, type SchemaObject, toSchemaObject } from './json-schema'
import { type BodyLimits, limitsDescription } from './limits'

export interface OpenApiOptions {
  title?: string
  version?: string
  /** Where the paths are mounted, e.g. `/api/durably`. */
  serverUrl?: string
  /** More endpoints served next to the handler (documented, not routed). */
  extraEndpoints?: Endpoint[]
  /** Security schemes and the requirement that applies to every endpoint not marked `open`. */
  security?: { schemes: Record<string, SchemaObject>; requirement: Record<string, string[]>[] }
}

export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, unknown>> }

const STATUS_TEXT: Record<number, string> = {
  400: 'Invalid request: `issues` names each field and why (the first ones), `issueCount` how many there were',
  401: 'Not authenticated (`WWW-Authenticate: Bearer`)',
  403: 'Not allowed for this caller',
  404: 'Unknown job or run',
  409: 'Conflicts with the run state (still active, already ended, concurrency key busy)',
  413: 'Body or job input too large (see the limits in the description)',
  429: 'Too many failed attempts: wait the seconds that the Retry-After header gives',
}

function jobInputName(jobName: string): string {
  return `JobInput.${jobName.replace(/[^A-Za-z0-9._-]/g, '_')}`
}

/** The trigger body: `jobName` is one of the jobs, `input` one of their input schemas. */
function triggerBody(jobs: AnyJobDefinition[]): SchemaObject {
  const base = toSchemaObject(triggerBodySchema, 'input')
  const properties = { ...(base.properties as Record<string, SchemaObject>) }
  properties.jobName = { type: 'string', enum: jobs.map((job) => job.name) }
  properties.input = {
    description: 'The input of the job named by jobName',
    oneOf: jobs.map((job) => ({ $ref: `#/components/schemas/${jobInputName(job.name)}` })),
  }
  return { ...base, properties }
}

function jobInputSchemas(jobs: AnyJobDefinition[]): Record<string, SchemaObject> {
  const entries = jobs.map((job) => [
    jobInputName(job.name),
    { title: `Input of ${job.name}`, ...toSchemaObject(job.input, 'input') },
  ])
  return Object.fromEntries(entries)
}

function okResponse(endpoint: Endpoint): SchemaObject {
  const content =
    endpoint.ok === 'event-stream'
      ? { 'text/event-stream': { schema: { type: 'string', description: 'id: <sequence>\\ndata: <json event>' } } }
      : { 'application/json': { schema: toSchemaObject(endpoint.ok, 'output') } }
  return { description: 'OK', content, ...(endpoint.okHeaders ? { headers: endpoint.okHeaders } : {}) }
}

function errorResponses(endpoint: Endpoint): Record<string, SchemaObject> {
  const statuses = endpoint.open ? endpoint.errors : [401, ...endpoint.errors]
  const error = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } }
  const challenge = { 'WWW-Authenticate': { description: 'How to authenticate', schema: { type: 'string', const: 'Bearer' } } }
  return Object.fromEntries(
    statuses.map((status) => [
      String(status),
      { description: STATUS_TEXT[status], content: error, ...(status === 401 ? { headers: challenge } : {}) },
    ]),
  )
}

function operation(endpoint: Endpoint, jobs: AnyJobDefinition[], options: OpenApiOptions): SchemaObject {
  const body = endpoint.body === 'trigger' ? triggerBody(jobs) : endpoint.body && toSchemaObject(endpoint.body, 'input')
  return {
    summary: endpoint.summary,
    ...(endpoint.query ? { parameters: queryParameters(endpoint.query) } : {}),
    ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: body } } } } : {}),
    responses: { '200': okResponse(endpoint), ...errorResponses(endpoint) },
    ...(endpoint.open && options.security ? { security: [] } : {}),
  }
}

export function buildOpenApiDocument(
  endpoints: Endpoint[],
  jobs: AnyJobDefinition[],
  options: OpenApiOptions = {},
  limits: BodyLimits = { maxBodyBytes: DEFAULT_MAX_BODY_BYTES, maxInputBytes: DEFAULT_MAX_INPUT_BYTES },
): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {}
  for (const endpoint of [...endpoints, ...(options.extraEndpoints ?? [])]) {
    paths[endpoint.path] = { ...paths[endpoint.path], [endpoint.method]: operation(endpoint, jobs, options) }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: options.title ?? 'Durably HTTP API',
      version: options.version ?? '1.0.0',
      description: limitsDescription(limits),
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    paths,
    components: {
      schemas: { Error: toSchemaObject(errorSchema, 'output'), ...jobInputSchemas(jobs) },
      ...(options.security ? { securitySchemes: options.security.schemes } : {}),
    },
    ...(options.security ? { security: options.security.requirement } : {}),
  }
}
