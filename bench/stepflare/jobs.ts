// The bench's jobs, served by the bench Worker only: a run of N no-op steps, timestamped progress for fan-out timing,
// a durable sleep that reports how late it resumed, and runs that wait for a signal or for an event.
import { z } from 'zod'
import { defineJob } from '../../worker/engine'

/** Longest time the fan-out job waits for its start time, so a wrong `startAt` cannot hold a run for long. */
const MAX_START_WAIT_MS = 60_000

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Runs `steps` steps that do nothing, to measure the cost of a step itself. */
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

/** Waits until `startAt`, then emits `emits` progress updates `gapMs` apart, each carrying its emit time (epoch ms). */
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

/** Sleeps until `ms` after its first step, then reports how late (ms) its next step started after that wake time. */
export const benchSleepJob = defineJob({
  name: 'bench-sleep',
  input: z.object({ ms: z.number().int().min(0).max(3_600_000) }),
  output: z.object({ lateMs: z.number() }),
  run: async (step, input) => {
    const wakeAt = await step.run('plan', () => Date.now() + input.ms)
    await step.sleepUntil('nap', new Date(wakeAt))
    const lateMs = await step.run('woke', () => Date.now() - wakeAt)
    return { lateMs }
  },
})

/** Waits for a signal on its wait `go` (deadline `timeoutMs`), then ends: the signal's resume is the run's last work. */
export const benchSignalJob = defineJob({
  name: 'bench-signal',
  input: z.object({ timeoutMs: z.number().int().min(1_000).max(3_600_000) }),
  output: z.object({ outcome: z.string() }),
  run: async (step, input) => {
    const wait = await step.prepareWait('go', { timeoutMs: input.timeoutMs })
    const answer = await step.waitFor(wait)
    return { outcome: answer.type }
  },
})

/** Waits for the event `bench.paid` whose payload has the `match` fields (deadline `timeoutMs`), then runs one step. */
export const benchEventJob = defineJob({
  name: 'bench-event',
  input: z.object({
    match: z.record(z.string(), z.union([z.string(), z.number()])),
    timeoutMs: z.number().int().min(1_000).max(3_600_000),
  }),
  output: z.object({ outcome: z.string() }),
  run: async (step, input) => {
    const result = await step.waitForEvent('paid', { event: 'bench.paid', match: input.match, timeoutMs: input.timeoutMs })
    await step.run('after', () => result.type)
    return { outcome: result.type }
  },
})

async function waitUntil(startAt: number): Promise<number> {
  const deadline = Date.now() + MAX_START_WAIT_MS
  while (Date.now() < startAt && Date.now() < deadline) {
    await sleep(Math.min(20, Math.max(1, startAt - Date.now())))
  }
  return Date.now()
}
