// The records the protocol carries, as types inferred from their schemas (schemas.ts): runs (as stored and as clients
// see them, typed by their labels), steps, log lines and progress.
import type { z } from 'zod'
import type { attemptSchema, clientRunSchema, logSchema, progressSchema, runSchema, stepSchema, waitingForSchema, waitSchema } from './schemas'

export type Labels = Record<string, string>

export type ProgressData = z.output<typeof progressSchema>

/** A run as the store holds it. */
export type Run<TLabels extends Labels = Labels> = Omit<z.output<typeof runSchema>, 'labels'> & { labels: TLabels }

/** A run as HTTP clients see it: internal lease fields stripped, three derived flags added. */
export type ClientRun<TLabels extends Labels = Labels> = Omit<z.output<typeof clientRunSchema>, 'labels'> & {
  labels: TLabels
}

export type Step = z.output<typeof stepSchema>

export type Log = z.output<typeof logSchema>

export type Attempt = z.output<typeof attemptSchema>

export type WaitingFor = z.output<typeof waitingForSchema>

export type DurableWait = z.output<typeof waitSchema>

/** What `step.waitFor` answers: the signal's payload, or that the deadline came first (a normal result). */
export type DurableWaitResult = { type: 'signal'; payload: unknown } | { type: 'timeout' }
