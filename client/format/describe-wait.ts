// What a waiting or delayed run waits for, in words, with a countdown to when it resumes or starts.
import type { WaitingFor } from '../lib/types'

/** Time left as a countdown: "0:04", "1:59", "1:02:03" (hours), "3 d 4 h" past a day; never negative. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000))
  const seconds = total % 60
  const minutes = Math.floor(total / 60) % 60
  const hours = Math.floor(total / 3600)
  if (hours >= 24) return `${Math.floor(hours / 24)} d ${hours % 24} h`
  const ss = String(seconds).padStart(2, '0')
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`
}

/** The part of a run that says what it waits for, and the countdown (null when it resumes on no clock). */
export interface WaitDescription {
  /**
   * "Retrying fetch (attempt 2)", "Sleeping (cool-down)", "Waiting for decision", "Waiting for child run of slow-steps
   * (pack)", "Waiting for event order.paid", "Starts": changes only when the wait does.
   */
  what: string
  /** "in 0:04", "wakes in 1:59", "4:59 left" (a signal's, event's or child's deadline), "in 0:30", "due now"; null without a wake time. */
  when: string | null
  /** What joins the two: " · ", or a space for a delayed start ("Starts in 0:30"). */
  joiner: string
  /** The wait in words without the countdown, for announcing a change (not every second). */
  spoken: string
  /** The last attempt's error while a step waits to be retried. */
  error: string | null
}

interface WaitingRun {
  status: string | null
  wakeAt: string | null
  waitingFor: WaitingFor | null
}

/**
 * What a run waits for, or null when it waits for nothing: a waiting run (a retry's backoff, a sleep, a signal, an
 * event or a child run until its deadline) or a pending run with a start time still ahead (a delayed trigger).
 *
 * ```ts
 * describeWait({ status: 'waiting', wakeAt, waitingFor: { kind: 'retry', stepName: 'fetch', attempt: 2, … } }, now)
 * // → { what: 'Retrying fetch (attempt 2)', when: 'in 0:04', error: 'Upstream answered 503' }
 * ```
 */
export function describeWait(run: WaitingRun, now: number): WaitDescription | null {
  const wakeAt = run.wakeAt === null ? Number.NaN : Date.parse(run.wakeAt)
  const left = Number.isFinite(wakeAt) ? wakeAt - now : null
  const countdown = (prefix: string) => (left === null ? null : left <= 0 ? 'due now' : `${prefix} ${formatCountdown(left)}`)
  const wait = run.waitingFor
  if (run.status === 'pending') {
    return left === null || left <= 0 ? null : delayed(countdown('in'))
  }
  if (run.status !== 'waiting') return null
  if (wait?.kind === 'retry') {
    const attempt = wait.attempt === null ? '' : ` (attempt ${wait.attempt})`
    return waiting(`Retrying ${wait.stepName ?? 'step'}${attempt}`, countdown('in'), wait.error)
  }
  if (wait?.kind === 'sleep') return waiting(wait.stepName ? `Sleeping (${wait.stepName})` : 'Sleeping', countdown('wakes in'), null)
  if (wait?.kind === 'delay') return delayed(countdown('in'))
  const deadline = left === null ? null : left <= 0 ? 'deadline passed' : `${formatCountdown(left)} left`
  if (wait?.kind === 'signal') return waiting(wait.stepName ? `Waiting for ${wait.stepName}` : 'Waiting for a signal', deadline, null)
  if (wait?.kind === 'child') {
    const step = wait.stepName ? ` (${wait.stepName})` : ''
    return waiting(wait.event ? `Waiting for child run of ${wait.event}${step}` : `Waiting for a child run${step}`, deadline, null)
  }
  if (wait?.kind === 'event') return waiting(wait.event ? `Waiting for event ${wait.event}` : 'Waiting for an event', deadline, null)
  return waiting('Waiting', countdown('resumes in'), null)
}

const waiting = (what: string, when: string | null, error: string | null): WaitDescription => ({ what, when, joiner: ' · ', spoken: what, error })

const delayed = (when: string | null): WaitDescription => ({ what: 'Starts', when, joiner: ' ', spoken: 'Scheduled to start later', error: null })

/** The description as one line: "Retrying fetch (attempt 2) · in 0:04", "Starts in 0:30". */
export function waitText(wait: WaitDescription): string {
  return wait.when === null ? wait.what : `${wait.what}${wait.joiner}${wait.when}`
}
