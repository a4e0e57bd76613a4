// A small job with a declared schedule: every night at 02:00 UTC it sums up the runs of the day before.
import { defineJob } from '../engine'
import { z } from 'zod'

export const nightlyReportJob = defineJob({
  name: 'nightly-report',
  input: z.object({ days: z.number().int().min(1).max(31) }),
  output: z.object({ from: z.string(), to: z.string() }),
  schedule: { name: 'nightly', cron: '0 2 * * *', timezone: 'UTC', input: { days: 1 } },
  run: async (step, input) => {
    const window = await step.run('window', () => {
      const to = new Date()
      return { from: new Date(to.getTime() - input.days * 86_400_000).toISOString(), to: to.toISOString() }
    })
    step.log.info(`Report of ${window.from} to ${window.to}`)
    return window
  },
})
