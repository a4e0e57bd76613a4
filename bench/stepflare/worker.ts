// The bench Worker: the app's jobs plus the bench's, behind the same API and Durable Object classes as worker/index.ts.
import { createDurably } from '../../worker/engine'
import { createApiApp } from '../../worker/http'
import { appJobs } from '../../worker/jobs'
import { benchEventJob, benchFanoutJob, benchNoopJob, benchSignalJob, benchSleepJob } from './jobs'

export { D1Gateway, EventObject, FeedObject, KeyObject, RunShard, Scheduler } from '../../worker/engine'
export { SignInThrottle } from '../../worker/http'

const benchJobs = { benchNoop: benchNoopJob, benchFanout: benchFanoutJob, benchSleep: benchSleepJob, benchSignal: benchSignalJob, benchEvent: benchEventJob }
const durably = createDurably({ jobs: { ...appJobs, ...benchJobs } })
const app = createApiApp(durably)

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>
