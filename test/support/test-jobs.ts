// Jobs used only by tests: they count how often each step's function really runs.
import { z } from 'zod'
import { createDurably, defineJob } from '../../worker/engine'

/** How many times each `runId:step` function executed (module state shared with the run objects). */
export const executions = new Map<string, number>()

/** When the running step of a run saw its AbortSignal fire (epoch ms). */
export const abortTimes = new Map<string, number>()

function count(runId: string, name: string): number {
  const key = `${runId}:${name}`
  const next = (executions.get(key) ?? 0) + 1
  executions.set(key, next)
  return next
}

export function executionsOf(runId: string): Record<string, number> {
  const result: Record<string, number> = {}
  for (const [key, value] of executions) if (key.startsWith(`${runId}:`)) result[key.slice(runId.length + 1)] = value
  return result
}

/** Counted steps, each waiting `delayMs` (abortable); `failAt` throws in that step. */
export const countedJob = defineJob({
  name: 'test-counted',
  input: z.object({ steps: z.number(), delayMs: z.number().optional(), failAt: z.number().optional() }),
  output: z.object({ total: z.number() }),
  run: async (step, input) => {
    let total = 0
    for (let i = 0; i < input.steps; i++) {
      total += await step.run(`s${i}`, async (signal) => {
        count(step.runId, `s${i}`)
        if (input.delayMs) {
          await new Promise<void>((resolve, reject) => {
            const timer = setTimeout(resolve, input.delayMs)
            signal.addEventListener('abort', () => {
              clearTimeout(timer)
              count(step.runId, `abort-s${i}`)
              abortTimes.set(step.runId, Date.now())
              reject(new Error('aborted'))
            })
          })
        }
        if (input.failAt === i) throw new Error(`boom at s${i}`)
        return i
      })
    }
    step.progress(input.steps, input.steps, 'done')
    return { total }
  },
})

/** Returns something its output schema rejects. */
export const badOutputJob = defineJob({
  name: 'test-bad-output',
  input: z.object({}),
  output: z.object({ count: z.number() }),
  run: async (step) => {
    await step.run('only', () => 1)
    return { count: 'three' } as unknown as { count: number }
  },
})

/** A job with no output schema. */
export const noOutputJob = defineJob({
  name: 'test-no-output',
  input: z.object({ note: z.string() }),
  run: async (step, input) => {
    step.log.warn('note', { note: input.note })
    await step.run('noop', () => undefined)
  },
})

export const testDurably = createDurably({
  jobs: { counted: countedJob, badOutput: badOutputJob, noOutput: noOutputJob },
})
