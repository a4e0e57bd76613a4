// Retry policies of jobs and steps: their shape, their bounds, and the delay before an attempt after a failure.
import { durationMs, type Duration } from './duration'

export type Backoff = 'constant' | 'linear' | 'exponential'

/** How a step is retried after an attempt fails or times out. */
export interface RetryPolicy {
  /** Retries after the first attempt (0: none). At most MAX_RETRY_LIMIT. */
  limit: number
  /** Delay before the first retry (default 1 s). */
  delay?: Duration
  /** How the delay grows: the same each time, by `delay` each time, or doubling (default 'exponential'). */
  backoff?: Backoff
  /** The longest delay between two attempts (default 1 h). */
  maxDelay?: Duration
  /** Spread each delay at random by up to this fraction either way (0 to 1; default 0.2), so retries do not stampede. */
  jitter?: number
}

/** A policy with every field resolved to milliseconds. */
export interface ResolvedRetryPolicy {
  limit: number
  delayMs: number
  backoff: Backoff
  maxDelayMs: number
  jitter: number
}

export const MAX_RETRY_LIMIT = 100

/** A step with no policy (and no job policy) is not retried: the seed's `step.run` failed its run at once. */
export const NO_RETRIES: ResolvedRetryPolicy = Object.freeze({ limit: 0, delayMs: 1_000, backoff: 'exponential', maxDelayMs: 3_600_000, jitter: 0.2 })

/** Checks a policy and resolves its durations; a TypeError names the field (`what`.limit, …) that is wrong. */
export function resolveRetryPolicy(policy: RetryPolicy | number, what: string): ResolvedRetryPolicy {
  const given = typeof policy === 'number' ? { limit: policy } : policy
  if (typeof given !== 'object' || given === null) throw new TypeError(`${what} must be a number of retries or { limit, delay, backoff, maxDelay, jitter }`)
  const { limit, backoff = NO_RETRIES.backoff, jitter = NO_RETRIES.jitter } = given
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_RETRY_LIMIT) {
    throw new TypeError(`${what}.limit must be an integer from 0 to ${MAX_RETRY_LIMIT}; got ${JSON.stringify(limit)}`)
  }
  if (backoff !== 'constant' && backoff !== 'linear' && backoff !== 'exponential') {
    throw new TypeError(`${what}.backoff must be 'constant', 'linear' or 'exponential'; got ${JSON.stringify(backoff)}`)
  }
  if (typeof jitter !== 'number' || !(jitter >= 0 && jitter <= 1)) throw new TypeError(`${what}.jitter must be a number from 0 to 1`)
  return {
    limit,
    delayMs: given.delay === undefined ? NO_RETRIES.delayMs : durationMs(given.delay, `${what}.delay`),
    backoff,
    maxDelayMs: given.maxDelay === undefined ? NO_RETRIES.maxDelayMs : durationMs(given.maxDelay, `${what}.maxDelay`),
    jitter,
  }
}

/** Milliseconds to wait before attempt `next` (2 for the first retry), capped and jittered. */
export function retryDelayMs(policy: ResolvedRetryPolicy, next: number, random: () => number = Math.random): number {
  const retry = Math.max(1, next - 1)
  const base =
    policy.backoff === 'constant' ? policy.delayMs : policy.backoff === 'linear' ? policy.delayMs * retry : policy.delayMs * 2 ** (retry - 1)
  const capped = Math.min(base, policy.maxDelayMs)
  const spread = capped * policy.jitter * (random() * 2 - 1)
  return Math.max(0, Math.round(Math.min(capped + spread, policy.maxDelayMs)))
}
