// GET /openapi.json: an OpenAPI 3.1 document generated from the zod schemas and the registered jobs.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { durably } from '../durably'
import { createDurably, defineJob } from '../engine'
import { createDurablyHandler } from './handler'
import { api } from './testing/requests'

type Json = Record<string, any>

async function document(): Promise<Json> {
  const response = await api('/openapi.json')
  expect(response.status).toBe(200)
  return (await response.json()) as Json
}

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn)
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => (key === '$ref' ? [String(inner)] : refsIn(inner)))
  }
  return []
}

describe('GET /openapi.json', () => {
  it('describes every endpoint with its parameters, body and answers', async () => {
    const doc = await document()
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.servers).toEqual([{ url: '/api/durably' }])
    const operations = Object.entries(doc.paths as Json).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    )
    expect(operations.sort()).toEqual(
      [
        'POST /trigger', 'POST /trigger/batch', 'GET /runs', 'GET /runs/subscribe', 'POST /runs/purge', 'GET /run', 'DELETE /run', 'GET /steps', 'GET /logs',
        'POST /retrigger', 'POST /cancel', 'GET /subscribe', 'GET /openapi.json', 'GET /attempts', 'GET /waits', 'GET /wait', 'POST /signal', 'POST /events', 'GET /events',
        'GET /schedules', 'POST /schedules', 'DELETE /schedules', 'POST /schedules/pause', 'POST /schedules/resume',
        'GET /session', 'POST /session', 'DELETE /session',
      ].sort(),
    )
    const runs = doc.paths['/runs'].get
    expect(runs.parameters.map((parameter: Json) => parameter.name)).toEqual(['jobName', 'status', 'limit', 'offset'])
    expect(runs.responses['200'].headers['X-Total-Count']).toBeDefined()
    expect(runs.responses['200'].content['application/json'].schema.items.properties.isTerminal).toEqual({ type: 'boolean' })
    const logs = doc.paths['/logs'].get
    expect(logs.parameters.find((parameter: Json) => parameter.name === 'runId').required).toBe(true)
    expect(Object.keys(doc.paths['/trigger'].post.responses).sort()).toEqual(['200', '400', '401', '403', '404', '409', '413'])
    expect(doc.paths['/subscribe'].get.responses['200'].content['text/event-stream']).toBeDefined()
    const purge = doc.paths['/runs/purge'].post
    expect(purge.requestBody.content['application/json'].schema.required).toEqual(['olderThan'])
    expect(Object.keys(purge.responses).sort()).toEqual(['200', '400', '401', '403', '413'])
    expect(doc.paths['/session'].get.security).toEqual([])
    expect(doc.security).toEqual([{ bearerToken: [] }, { sessionCookie: [] }])
  })

  it('types the trigger input as one of the registered jobs input schemas', async () => {
    const doc = await document()
    const body = doc.paths['/trigger'].post.requestBody.content['application/json'].schema
    const jobNames = [...durably.definitions.keys()]
    expect(body.properties.jobName.enum).toEqual(jobNames)
    expect(body.properties.input.oneOf).toHaveLength(jobNames.length)
    expect(body.required).toContain('jobName')
    const importCsv = doc.components.schemas['JobInput.import-csv']
    expect(importCsv.properties.rows.items.properties.email).toEqual({ type: 'string' })
    expect(importCsv.required).toEqual(['filename', 'rows'])
    for (const ref of refsIn(doc)) {
      const target = ref.replace('#/components/schemas/', '')
      expect(doc.components.schemas[target], ref).toBeDefined()
    }
  })

  it('describes the bounds of requests and the shape of errors', async () => {
    const doc = await document()
    const body = doc.paths['/trigger'].post.requestBody.content['application/json'].schema
    const labels = body.properties.labels.anyOf[0]
    expect(labels).toMatchObject({ maxProperties: 32, propertyNames: { maxLength: 64 }, additionalProperties: { maxLength: 256 } })
    expect(body.properties.idempotencyKey.anyOf[0]).toMatchObject({ maxLength: 256 })
    const runId = doc.paths['/run'].get.parameters.find((parameter: Json) => parameter.name === 'runId')
    expect(runId.schema).toMatchObject({ maxLength: 64, pattern: expect.any(String) })
    expect(doc.components.schemas.Error.properties.issueCount).toMatchObject({ type: 'integer' })
    expect(doc.components.schemas.Error.properties.issues.maxItems).toBe(20)
    expect(doc.paths['/runs'].get.responses['401'].headers['WWW-Authenticate']).toBeDefined()
    expect(doc.info.description).toContain('1,048,576 bytes')
    expect(doc.info.description).toContain('431')
  })

  it('follows the jobs an instance registers', async () => {
    const job = defineJob({
      name: 'openapi-probe',
      input: z.object({ city: z.string().min(2), days: z.number().int().max(14) }),
      run: async () => {},
    })
    const handler = createDurablyHandler(createDurably({ jobs: { probe: job } }))
    const response = await handler.handle(new Request('http://x.test/jobs/openapi.json'), '/jobs')
    const doc = (await response.json()) as Json
    expect(doc.paths['/trigger'].post.requestBody.content['application/json'].schema.properties.jobName.enum).toEqual([
      'openapi-probe',
    ])
    const probe = doc.components.schemas['JobInput.openapi-probe']
    expect(probe.properties.city).toEqual({ type: 'string', minLength: 2 })
    expect(probe.properties.days).toMatchObject({ type: 'integer', maximum: 14 })
  })

  it('documents only routes that exist', async () => {
    const doc = await document()
    for (const [path, methods] of Object.entries(doc.paths as Json)) {
      for (const method of Object.keys(methods)) {
        const response = await api(path, { method: method.toUpperCase() })
        expect(response.status, `${method} ${path}`).not.toBe(405)
        const unknownPath = response.status === 404 && ((await response.json()) as Json).error.startsWith('Not found:')
        await response.body?.cancel().catch(() => {})
        expect(unknownPath, `${method} ${path}`).toBe(false)
      }
    }
  })
})
