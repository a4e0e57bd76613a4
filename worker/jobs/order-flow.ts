// An order that is packed by a child run and then waits for its payment event: for demos of child runs and events.
import { defineJob } from '../engine'
import { z } from 'zod'
import { slowStepsJob } from './slow-steps'

export const orderFlowJob = defineJob({
  name: 'order-flow',
  input: z.object({
    orderId: z.string().min(1).max(100),
    /** How long the order waits for its `order.paid` event, in milliseconds (none: until it comes). */
    paymentTimeoutMs: z.number().int().min(1_000).max(30 * 86_400_000).optional(),
  }),
  output: z.object({ orderId: z.string(), packedSteps: z.number(), paid: z.boolean(), paymentEventId: z.string().nullable() }),
  run: async (step, input) => {
    const packed = await step.invoke('pack', slowStepsJob, { steps: 2, delayMs: 300 })
    step.log.info(`Order ${input.orderId} packed; waiting for its payment`)
    const payment = await step.waitForEvent('payment', {
      event: 'order.paid',
      match: { orderId: input.orderId },
      timeoutMs: input.paymentTimeoutMs,
    })
    const paid = payment.type === 'event'
    step.log.info(paid ? `Order ${input.orderId} paid` : `Order ${input.orderId} not paid in time`)
    return { orderId: input.orderId, packedSteps: packed.completed, paid, paymentEventId: paid ? payment.eventId : null }
  },
})
