// Jobs used only by tests: they count how often each step's function really runs.
import { z } from 'zod'
import { NonRetryableError, createDurably, defineJob } from '../../worker/engine'

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

/** Attempt numbers each `runId:step` function saw, in order. */
export const attemptsSeen = new Map<string, number[]>()

/** A step that fails its first `failTimes` attempts (a NonRetryableError with `fatal`), retried by `limit`. */
export const flakyJob = defineJob({
  name: 'test-flaky',
  input: z.object({ failTimes: z.number(), limit: z.number(), delay: z.number().optional(), fatal: z.boolean().optional() }),
  output: z.object({ attempt: z.number() }),
  run: async (step, input) => {
    await step.run('before', () => count(step.runId, 'before'))
    const attempt = await step.run(
      'flaky',
      (_signal, attempt) => {
        count(step.runId, 'flaky')
        attemptsSeen.set(step.runId, [...(attemptsSeen.get(step.runId) ?? []), attempt.number])
        if (attempt.number > 1) attempt.setMetadata({ ...(attempt.metadata as object), tried: attempt.number })
        if (attempt.number <= input.failTimes) throw input.fatal ? new NonRetryableError('fatal') : new Error(`failure ${attempt.number}`)
        return attempt.number
      },
      { retries: { limit: input.limit, delay: input.delay ?? 20, backoff: 'constant', jitter: 0 }, metadata: { model: 'm-1' } },
    )
    return { attempt }
  },
})

/** A step that ignores its signal and takes `hangMs`, with a `timeoutMs` deadline and `limit` retries. */
export const hangingJob = defineJob({
  name: 'test-hanging',
  input: z.object({ hangMs: z.number(), timeoutMs: z.number(), limit: z.number() }),
  run: async (step, input) => {
    await step.run(
      'slow',
      async (signal) => {
        count(step.runId, 'slow')
        signal.addEventListener('abort', () => {
          abortTimes.set(step.runId, Date.now())
        })
        await new Promise((resolve) => setTimeout(resolve, input.hangMs))
        count(step.runId, 'slow-finished')
        return 'late'
      },
      { timeout: input.timeoutMs, retries: { limit: input.limit, delay: 10, jitter: 0 } },
    )
  },
})

/** A step, a sleep of `ms` (or until `until`), then another step. */
export const sleeperJob = defineJob({
  name: 'test-sleeper',
  input: z.object({ ms: z.union([z.number(), z.string()]).optional(), until: z.string().optional() }),
  output: z.object({ sleptMs: z.number() }),
  run: async (step, input) => {
    const before = await step.run('before', () => {
      count(step.runId, 'before')
      return Date.now()
    })
    if (input.until) await step.sleepUntil('nap', input.until)
    else await step.sleep('nap', input.ms ?? 0)
    const after = await step.run('after', () => {
      count(step.runId, 'after')
      return Date.now()
    })
    return { sleptMs: after - before }
  },
})

/** A job whose steps are all retried by the job's own policy. */
export const jobPolicyJob = defineJob({
  name: 'test-job-policy',
  input: z.object({ failTimes: z.number() }),
  retries: { limit: 2, delay: 10, backoff: 'linear', jitter: 0 },
  run: async (step, input) => {
    await step.run('uses-job-policy', (_signal, attempt) => {
      count(step.runId, 'uses-job-policy')
      if (attempt.number <= input.failTimes) throw new Error(`failure ${attempt.number}`)
    })
  },
})

/** The wait id each approval run announced from its step (as a job hands it to the outside world). */
export const announcedWaits = new Map<string, string>()

/** Prepares a wait, announces its id in a step (taking `stepMs`), waits for it, then runs one more step. */
export const approvalJob = defineJob({
  name: 'test-approval',
  input: z.object({ timeoutMs: z.number().optional(), stepMs: z.number().optional() }),
  output: z.object({ result: z.unknown(), waitId: z.string() }),
  run: async (step, input) => {
    const wait = await step.prepareWait('approve', { metadata: { reason: 'test' }, timeoutMs: input.timeoutMs })
    await step.run('announce', async () => {
      announcedWaits.set(step.runId, wait.id)
      if (input.stepMs) await new Promise((resolve) => setTimeout(resolve, input.stepMs))
    })
    const result = await step.waitFor(wait)
    await step.run('after', () => count(step.runId, 'after'))
    return { result, waitId: wait.id }
  },
})

/** Waits for `order.paid` of its order (or any, without one), then one more step. */
export const orderJob = defineJob({
  name: 'test-order',
  input: z.object({ orderId: z.string().optional(), timeoutMs: z.number().optional(), match: z.unknown().optional() }),
  output: z.object({ result: z.unknown() }),
  run: async (step, input) => {
    const match = input.match !== undefined ? (input.match as Record<string, unknown>) : input.orderId ? { orderId: input.orderId } : undefined
    const result = await step.waitForEvent('paid', { event: 'order.paid', match, timeoutMs: input.timeoutMs })
    await step.run('ship', () => count(step.runId, 'ship'))
    return { result }
  },
})

/** Invokes a counted child run and returns what it returned (or the error it threw). */
export const parentJob = defineJob({
  name: 'test-parent',
  input: z.object({ steps: z.number(), delayMs: z.number().optional(), failAt: z.number().optional(), timeoutMs: z.number().optional() }),
  output: z.object({ child: z.unknown(), error: z.string().nullable() }),
  run: async (step, input) => {
    await step.run('before', () => count(step.runId, 'before'))
    try {
      const child = await step.invoke('child', countedJob, { steps: input.steps, delayMs: input.delayMs, failAt: input.failAt }, { timeoutMs: input.timeoutMs })
      return { child, error: null }
    } catch (error) {
      return { child: null, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }
    }
  },
})

/** Three branches side by side: `a` at once, `b` after `slowMs`, `c` failing its first `cFails` attempts. */
export const parallelJob = defineJob({
  name: 'test-parallel',
  input: z.object({ slowMs: z.number(), cFails: z.number(), fatal: z.boolean().optional() }),
  output: z.object({ a: z.string(), b: z.string(), c: z.number() }),
  retries: { limit: 2, delay: 10, jitter: 0 },
  run: async (step, input) => {
    const results = await step.all({
      a: (_signal, attempt) => {
        count(step.runId, 'a')
        attempt.log.info('a ran')
        return 'A'
      },
      b: async () => {
        count(step.runId, 'b')
        await new Promise((resolve) => setTimeout(resolve, input.slowMs))
        return 'B'
      },
      c: (_signal, attempt) => {
        count(step.runId, 'c')
        if (input.fatal) throw new NonRetryableError('c is broken')
        if (attempt.number <= input.cFails) throw new Error(`c failed ${attempt.number}`)
        return attempt.number
      },
    })
    await step.run('after', () => count(step.runId, 'after'))
    return results
  },
})

export const testDurably = createDurably({
  jobs: {
    counted: countedJob,
    badOutput: badOutputJob,
    noOutput: noOutputJob,
    flaky: flakyJob,
    hanging: hangingJob,
    sleeper: sleeperJob,
    jobPolicy: jobPolicyJob,
    approval: approvalJob,
    order: orderJob,
    parent: parentJob,
    parallel: parallelJob,
  },
})
