// Step rows in words (sleeping, retrying, a retried step's attempt) and which steps a finished run can be rerun from.
import { describe, expect, it } from 'vitest'
import type { TimelineStep } from '../lib/run-steps-store'
import { completedLead, stepStatusText } from './steps-timeline'

const step = (index: number, status: TimelineStep['status'], attempts = 1): TimelineStep => ({
  name: `s${index}`, index, status, startedAt: 't', completedAt: null, error: null, attempts,
})

describe('steps timeline', () => {
  it('can rerun from every step up to the first that did not complete', () => {
    expect(completedLead([step(0, 'completed'), step(1, 'completed'), step(2, 'failed')])).toBe(2)
    expect(completedLead([step(0, 'failed')])).toBe(0)
    expect(completedLead([step(0, 'completed'), step(2, 'completed')])).toBe(1)
    expect(completedLead([])).toBe(0)
  })

  it('says a step sleeps, retries or runs a later attempt', () => {
    expect(stepStatusText(step(1, 'running'), true)).toBe('sleeping')
    expect(stepStatusText(step(0, 'running', 2), false)).toBe('attempt 2')
    expect(stepStatusText(step(0, 'running'), false)).toBe('running')
    expect(stepStatusText(step(0, 'retrying'), false)).toBe('retrying')
  })
})
