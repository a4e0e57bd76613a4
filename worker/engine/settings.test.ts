// Engine settings: given to createDurably, shared by the isolate, changed by configure, checked before anything changes.
import { afterEach, describe, expect, it } from 'vitest'
import { createDurably, DEFAULT_SETTINGS } from '.'
import { testDurably } from '../../test/support/test-jobs'

const before = { ...testDurably.settings }
afterEach(() => testDurably.configure(before))

describe('engine settings', () => {
  it('start at the defaults', () => {
    expect(testDurably.settings).toEqual(DEFAULT_SETTINGS)
  })

  it('are set by createDurably for the whole isolate, and only those given', () => {
    const other = createDurably({ jobs: {}, settings: { journalRetentionMs: 1_234, runShards: undefined } })
    expect(other.settings).toEqual({ ...DEFAULT_SETTINGS, journalRetentionMs: 1_234 })
    expect(testDurably.settings.journalRetentionMs).toBe(1_234)
  })

  it('change with configure; Infinity is a value', () => {
    testDurably.configure({ journalRetentionMs: Number.POSITIVE_INFINITY, watchdogMs: 500 })
    expect(testDurably.settings).toEqual({ ...DEFAULT_SETTINGS, journalRetentionMs: Number.POSITIVE_INFINITY, watchdogMs: 500 })
  })

  it('refuse an unknown setting or a value that is not a number of 0 or more, and change nothing', () => {
    expect(() => testDurably.configure({ runShards: 4, runShard: 8 } as never)).toThrow(TypeError)
    expect(() => testDurably.configure({ runShards: 4, mirrorDelayMs: -1 })).toThrow(/mirrorDelayMs/)
    expect(() => testDurably.configure({ leaseMs: Number.NaN })).toThrow(TypeError)
    expect(() => testDurably.configure({ leaseMs: '5' as never })).toThrow(TypeError)
    expect(() => createDurably({ jobs: {}, settings: { watchdogMs: -5 } })).toThrow(TypeError)
    expect(testDurably.settings).toEqual(DEFAULT_SETTINGS)
  })

  it('are a copy: changing what settings returns changes nothing', () => {
    const seen = testDurably.settings as { runShards: number }
    seen.runShards = 2
    expect(testDurably.settings.runShards).toBe(DEFAULT_SETTINGS.runShards)
  })
})
