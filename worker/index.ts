// The Worker entry: HTTP (API and client assets) and the Durable Object classes of the engine and of sign-in.
import { app } from './app'

export { D1Gateway, FeedObject, KeyObject, RunShard } from './engine'
export { SignInThrottle } from './http'

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>
