// The benchmark jobs (bench-noop, bench-fanout) written for @coji/durably, step for step the same as Stepflare's.
import { defineJob } from '@coji/durably'
import { z } from 'zod'

const MAX_START_WAIT_MS = 60_000

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

export const benchNoopJob = defineJob({
  name: 'bench-noop',
  input: z.object({ steps: z.number().int().min(0).max(100_000).default(1) }),
  output: z.object({ steps: z.number() }),
  run: async (step, input) => {
    for (let i = 0; i < input.steps; i++) {
      await step.run(`noop-${i}`, () => i)
    }
    return { steps: input.steps }
  },
})

export const benchFanoutJob = defineJob({
  name: 'bench-fanout',
  input: z.object({
    startAt: z.number(),
    emits: z.number().int().min(1).max(1_000),
    gapMs: z.number().int().min(0).max(10_000),
  }),
  output: z.object({ emits: z.number() }),
  run: async (step, input) => {
    await step.run('wait', () => waitUntil(input.startAt))
    for (let i = 1; i <= input.emits; i++) {
      if (i > 1) await sleep(input.gapMs)
      step.progress(i, input.emits, String(Date.now()))
    }
    return { emits: input.emits }
  },
})

async function waitUntil(startAt) {
  const deadline = Date.now() + MAX_START_WAIT_MS
  while (Date.now() < startAt && Date.now() < deadline) {
    await sleep(Math.min(20, Math.max(1, startAt - Date.now())))
  }
  return Date.now()
}
