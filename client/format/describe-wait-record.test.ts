// A wait record's status and times in words.
import { describe, expect, it } from 'vitest'
import { waitStatusText, waitTimesText } from './describe-wait-record'

describe('wait records in words', () => {
  it('names the status and how a resolved wait ended', () => {
    expect(waitStatusText({ status: 'pending', outcome: null })).toBe('Pending')
    expect(waitStatusText({ status: 'resolved', outcome: 'signal' })).toBe('Answered')
    expect(waitStatusText({ status: 'resolved', outcome: 'timeout' })).toBe('Timed out')
    expect(waitStatusText({ status: 'closed', outcome: null })).toBe('Closed')
  })

  it('says how long the wait took for its answer, then for a worker', () => {
    expect(waitTimesText({ outcome: 'signal', inputWaitMs: 3_200, executionSlotWaitMs: 120 })).toBe('Waited 3.2 s for the answer, then 120 ms for a worker to resume the run')
    expect(waitTimesText({ outcome: 'timeout', inputWaitMs: 300_000, executionSlotWaitMs: null })).toBe('Waited 5 min until the deadline')
    expect(waitTimesText({ outcome: 'signal', inputWaitMs: 0, executionSlotWaitMs: 40 })).toBe('Waited 0 ms for the answer (it came before the run waited), then 40 ms for a worker to resume the run')
    expect(waitTimesText({ outcome: null, inputWaitMs: null, executionSlotWaitMs: null })).toBeNull()
  })
})
