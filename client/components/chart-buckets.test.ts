// Runs-over-time buckets: sizes grow with the span, every run lands in one bucket counted by status.
import { describe, expect, it } from 'vitest'
import { bucketRuns, bucketSize } from './chart-buckets'

const now = Date.UTC(2026, 0, 1, 12, 0, 0)
const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString()

describe('bucketRuns', () => {
  it('picks the smallest bucket size that fits the span', () => {
    expect(bucketSize(10 * 60_000, 24)).toBe(60_000)
    expect(bucketSize(3 * 3_600_000, 24)).toBe(15 * 60_000)
  })

  it('counts each run once by status, oldest bucket first', () => {
    const runs = [
      { createdAt: at(1), status: 'completed' as const },
      { createdAt: at(1), status: 'failed' as const },
      { createdAt: at(9), status: 'completed' as const },
    ]
    const buckets = bucketRuns(runs, now)
    expect(buckets.reduce((n, b) => n + b.total, 0)).toBe(3)
    const last = buckets[buckets.length - 1]
    expect(buckets.length).toBe(11)
    expect(last?.start).toBeLessThanOrEqual(now)
    expect(last?.end).toBeGreaterThan(now)
    const older = buckets.find((b) => b.start <= now - 9 * 60_000 && b.end > now - 9 * 60_000)
    expect(older?.counts).toMatchObject({ completed: 1, failed: 0 })
    const recent = buckets.find((b) => b.counts.failed === 1)
    expect(recent?.counts.completed).toBe(1)
  })

  it('gives an empty chart for no runs', () => {
    expect(bucketRuns([], now).every((b) => b.total === 0)).toBe(true)
  })
})
