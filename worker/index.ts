// The Worker entry: HTTP (API and client assets) and the Durable Object classes of the engine and of sign-in.
import { app } from './app'
import { durably } from './durably'

export { D1Gateway, FeedObject, KeyObject, RunShard, Scheduler } from './engine'
export { SignInThrottle } from './http'

export default {
  fetch: (request, env, ctx) => {
    // Once per isolate: the Scheduler starts (and arms the declared schedules) without waiting for a schedule request.
    ctx.waitUntil(durably.wakeScheduler())
    return app.fetch(request, env, ctx)
  },
} satisfies ExportedHandler<Env>
