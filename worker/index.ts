// The Worker entry: HTTP (API and client assets), the retention cron, and the Durable Object classes of the engine and of sign-in.
import { app } from './app'
import { durably } from './durably'

export { D1Gateway, EventObject, FeedObject, KeyObject, RunShard, Scheduler } from './engine'
export { SignInThrottle } from './http'

export default {
  fetch: (request, env, ctx) => {
    // Once per isolate: the Scheduler starts (and arms the declared schedules) without waiting for a schedule request.
    ctx.waitUntil(durably.wakeScheduler())
    return app.fetch(request, env, ctx)
  },
  /** wrangler.toml's cron: deletes finished runs older than `retainRuns` in bounded batches (none when kept for ever). */
  async scheduled() {
    const swept = await durably.sweepRuns()
    if (swept.deleted > 0 || swept.more) {
      console.log(`retention: deleted ${swept.deleted} finished runs in ${swept.batches} batches${swept.more ? ', more left for the next sweep' : ''}`)
    }
  },
} satisfies ExportedHandler<Env>
