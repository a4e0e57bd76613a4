// What a waiting or delayed run waits for, in words, and the countdown's format.
import { describe, expect, it } from 'vitest'
import { describeWait, formatCountdown, waitText } from './describe-wait'

const now = Date.parse('2026-01-01T12:00:00.000Z')
const at = (ms: number) => new Date(now + ms).toISOString()

describe('formatCountdown', () => {
  it('counts down in minutes and seconds, hours past an hour, days past a day', () => {
    expect(formatCountdown(4_000)).toBe('0:04')
    expect(formatCountdown(3_200)).toBe('0:04')
    expect(formatCountdown(119_000)).toBe('1:59')
    expect(formatCountdown(3_723_000)).toBe('1:02:03')
    expect(formatCountdown(100 * 3_600_000)).toBe('4 d 4 h')
    expect(formatCountdown(-5)).toBe('0:00')
  })
})

describe('describeWait', () => {
  it('says a step is being retried, which attempt comes next, when, and the last error', () => {
    const wait = describeWait({
      status: 'waiting', wakeAt: at(4_000),
      waitingFor: { kind: 'retry', stepName: 'fetch', stepIndex: 0, attempt: 2, error: 'Upstream answered 503' },
    }, now)
    expect(wait).toMatchObject({ what: 'Retrying fetch (attempt 2)', when: 'in 0:04', error: 'Upstream answered 503' })
    expect(waitText(wait!)).toBe('Retrying fetch (attempt 2) · in 0:04')
  })

  it('says a run sleeps and when it wakes, and that it is due once the time has come', () => {
    const run = { status: 'waiting', wakeAt: at(119_000), waitingFor: { kind: 'sleep', stepName: 'cool-down', stepIndex: 1, attempt: null, error: null } } as const
    expect(waitText(describeWait(run, now)!)).toBe('Sleeping (cool-down) · wakes in 1:59')
    expect(waitText(describeWait(run, now + 200_000)!)).toBe('Sleeping (cool-down) · due now')
  })

  it('counts down to a delayed run’s start, and says nothing once it has started or for other runs', () => {
    expect(waitText(describeWait({ status: 'pending', wakeAt: at(30_000), waitingFor: null }, now)!)).toBe('Starts in 0:30')
    expect(describeWait({ status: 'pending', wakeAt: at(-1), waitingFor: null }, now)).toBeNull()
    expect(describeWait({ status: 'pending', wakeAt: null, waitingFor: null }, now)).toBeNull()
    expect(describeWait({ status: 'leased', wakeAt: null, waitingFor: null }, now)).toBeNull()
  })

  it('describes a wait without a wake time without a countdown', () => {
    expect(waitText(describeWait({ status: 'waiting', wakeAt: null, waitingFor: null }, now)!)).toBe('Waiting')
  })

  it('says which signal a run waits for and the time left until its deadline, or no countdown without one', () => {
    const waitingFor = { kind: 'signal', stepName: 'decision', stepIndex: null, attempt: null, error: null, waitId: 'w1' } as const
    const run = { status: 'waiting', wakeAt: at(299_000), waitingFor }
    expect(waitText(describeWait(run, now)!)).toBe('Waiting for decision · 4:59 left')
    expect(describeWait(run, now)?.spoken).toBe('Waiting for decision')
    expect(waitText(describeWait(run, now + 300_000)!)).toBe('Waiting for decision · deadline passed')
    expect(waitText(describeWait({ ...run, wakeAt: null }, now)!)).toBe('Waiting for decision')
    expect(waitText(describeWait({ ...run, waitingFor: { ...waitingFor, stepName: null } }, now)!)).toBe('Waiting for a signal · 4:59 left')
  })
})

describe('describeWait of child runs and events', () => {
  const base = { stepIndex: null, attempt: null, error: null, waitId: 'w1' } as const

  it('names the child’s job and the step that invoked it, with the time left when the invoke has a deadline', () => {
    const run = { status: 'waiting', wakeAt: null, waitingFor: { ...base, kind: 'child', stepName: 'pack', event: 'slow-steps' } } as const
    expect(waitText(describeWait(run, now)!)).toBe('Waiting for child run of slow-steps (pack)')
    expect(describeWait(run, now)?.spoken).toBe('Waiting for child run of slow-steps (pack)')
    expect(waitText(describeWait({ ...run, wakeAt: at(61_000) }, now)!)).toBe('Waiting for child run of slow-steps (pack) · 1:01 left')
    expect(waitText(describeWait({ ...run, waitingFor: { ...run.waitingFor, event: null, stepName: null } }, now)!)).toBe('Waiting for a child run')
  })

  it('names the event a run waits for, with the time left or that the deadline passed', () => {
    const run = { status: 'waiting', wakeAt: at(299_000), waitingFor: { ...base, kind: 'event', stepName: 'payment', event: 'order.paid' } } as const
    expect(waitText(describeWait(run, now)!)).toBe('Waiting for event order.paid · 4:59 left')
    expect(waitText(describeWait(run, now + 300_000)!)).toBe('Waiting for event order.paid · deadline passed')
    expect(waitText(describeWait({ ...run, wakeAt: null }, now)!)).toBe('Waiting for event order.paid')
    expect(waitText(describeWait({ ...run, wakeAt: null, waitingFor: { ...run.waitingFor, event: undefined } }, now)!)).toBe('Waiting for an event')
  })
})
