// A sync that meets a flaky upstream: its fetch fails its first attempts and is retried with backoff, then the job
// sleeps durably before it writes. For demos of retries, attempts and waiting runs.
import { defineJob } from '../engine'
import { z } from 'zod'

export const flakySyncJob = defineJob({
  name: 'flaky-sync',
  input: z.object({
    /** How many attempts of the fetch fail before one succeeds (more than 3 fails the run). */
    failTimes: z.number().int().min(0).max(10),
    /** The delay before the first retry (it doubles after each), in milliseconds. */
    retryDelayMs: z.number().int().min(0).max(600_000).default(2_000),
    /** How long the job sleeps between fetching and writing, in milliseconds. */
    sleepMs: z.number().int().min(0).max(86_400_000).default(5_000),
  }),
  output: z.object({ records: z.number(), attempts: z.number() }),
  run: async (step, input) => {
    const fetched = await step.run(
      'fetch',
      (_signal, attempt) => {
        if (attempt.number <= input.failTimes) throw new Error(`Upstream answered 503 (attempt ${attempt.number})`)
        step.log.info(`Fetched on attempt ${attempt.number}`)
        return { records: 42, attempts: attempt.number }
      },
      { retries: { limit: 3, delay: input.retryDelayMs, backoff: 'exponential', jitter: 0 }, timeout: '30s' },
    )
    await step.sleep('cool-down', input.sleepMs)
    await step.run('write', () => {
      step.log.info(`Wrote ${fetched.records} records`)
    })
    return fetched
  },
})
