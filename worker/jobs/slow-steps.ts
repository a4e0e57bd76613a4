// A job of several slow steps that can fail on purpose: for demos, cancellation and failure handling.
import { defineJob } from '../engine'
import { z } from 'zod'

export const slowStepsJob = defineJob({
  name: 'slow-steps',
  input: z.object({
    steps: z.number().int().min(1).max(1000),
    delayMs: z.number().int().min(0).max(60_000),
    /** 1-based step number that throws, to see a failed run. */
    failAt: z.number().int().min(1).optional(),
  }),
  output: z.object({ completed: z.number() }),
  run: async (step, input) => {
    for (let i = 1; i <= input.steps; i++) {
      await step.run(`step-${i}`, async (signal) => {
        step.progress(i - 1, input.steps, `Working on step ${i} of ${input.steps}`)
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, input.delayMs)
          signal.addEventListener('abort', () => {
            clearTimeout(timer)
            reject(new Error('aborted'))
          })
        })
        if (i === input.failAt) throw new Error(`Step ${i} failed on purpose`)
        step.log.info(`Step ${i} done`)
      })
    }
    step.progress(input.steps, input.steps, 'All steps done')
    return { completed: input.steps }
  },
})
