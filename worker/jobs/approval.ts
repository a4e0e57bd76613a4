// A request that waits for a person's decision: the run suspends on a durable wait until someone answers it (from the
// dashboard, or POST /signal) or its deadline passes. For demos of waits and signals.
import { defineJob } from '../engine'
import { z } from 'zod'

export const approvalJob = defineJob({
  name: 'approval',
  input: z.object({
    title: z.string().min(1).max(200),
    /** How long the request may wait for an answer, in milliseconds (none: until answered). */
    timeoutMs: z.number().int().min(1_000).max(30 * 86_400_000).optional(),
  }),
  output: z.object({ decision: z.enum(['approved', 'rejected', 'expired']), note: z.string().nullable() }),
  run: async (step, input) => {
    const wait = await step.prepareWait('decision', {
      metadata: { title: input.title, expects: { approved: 'boolean', note: 'string (optional)' } },
      timeoutMs: input.timeoutMs,
    })
    await step.run('ask', () => {
      step.log.info(`Waiting for a decision on "${input.title}"`, { waitId: wait.id })
    })
    const answer = await step.waitFor(wait)
    if (answer.type === 'timeout') return { decision: 'expired' as const, note: null }
    const { approved, note } = z.object({ approved: z.boolean(), note: z.string().optional() }).parse(answer.payload)
    await step.run('record', () => {
      step.log.info(approved ? 'Approved' : 'Rejected', { note: note ?? null })
    })
    return { decision: approved ? ('approved' as const) : ('rejected' as const), note: note ?? null }
  },
})
