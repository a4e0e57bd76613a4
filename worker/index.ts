// The Worker entry: HTTP (API and client assets) and the Durable Object classes of the engine.
import { app } from './app'

export { D1Gateway, FeedObject, KeyObject, RunShard } from './engine'

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>
