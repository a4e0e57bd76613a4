// GET /openapi.json: the OpenAPI 3.1 document, generated once from the zod schemas and the registered jobs.
import { Hono } from 'hono'
import type { HandlerDeps, HandlerEnv } from '../deps'
import { allowOnly } from '../method-not-allowed'
import { buildOpenApiDocument, type OpenApiDocument, type OpenApiOptions } from '../openapi/document'
import { HANDLER_ENDPOINTS } from '../openapi/endpoints'

export function openApiRoutes(deps: HandlerDeps, options: OpenApiOptions | undefined) {
  let document: OpenApiDocument | undefined
  return new Hono<HandlerEnv>()
    .get('/', (c) => {
      const limits = { maxBodyBytes: deps.maxBodyBytes, maxInputBytes: deps.maxInputBytes }
      document ??= buildOpenApiDocument(HANDLER_ENDPOINTS, [...deps.durably.definitions.values()], options, limits)
      return c.json(document, 200)
    })
    .use('/', allowOnly('GET'))
}
