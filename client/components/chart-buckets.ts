// Groups runs into time buckets by creation time, counting each status (the data of the runs chart).
import { RUN_STATUSES } from '../lib/statuses'
import type { RunStatus } from '../lib/types'

export interface Bucket {
  start: number
  end: number
  counts: Record<RunStatus, number>
  total: number
}

const MINUTE = 60_000
const SIZES = [MINUTE, 5 * MINUTE, 15 * MINUTE, 60 * MINUTE, 3 * 60 * MINUTE, 6 * 60 * MINUTE, 24 * 60 * MINUTE]

function emptyCounts(): Record<RunStatus, number> {
  return Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>
}

/** Picks the smallest bucket size that covers the runs' span in at most `maxBuckets` buckets. */
export function bucketSize(spanMs: number, maxBuckets: number): number {
  return SIZES.find((size) => size * maxBuckets >= spanMs) ?? (SIZES[SIZES.length - 1] as number)
}

export function bucketRuns(
  runs: readonly { createdAt: string; status: RunStatus }[],
  now: number,
  maxBuckets = 24,
): Bucket[] {
  const times = runs.map((run) => Date.parse(run.createdAt)).filter(Number.isFinite)
  const oldest = times.length ? Math.min(...times) : now
  const span = Math.max(now - oldest, 10 * MINUTE)
  const size = bucketSize(span, maxBuckets)
  const lastStart = Math.floor(now / size) * size
  const count = Math.min(maxBuckets, Math.ceil(span / size) + 1)
  const buckets: Bucket[] = []
  for (let i = count - 1; i >= 0; i--) {
    const start = lastStart - i * size
    buckets.push({ start, end: start + size, counts: emptyCounts(), total: 0 })
  }
  const first = buckets[0]?.start ?? lastStart
  runs.forEach((run, i) => {
    const at = times[i]
    if (at === undefined || at < first) return
    const bucket = buckets[Math.min(buckets.length - 1, Math.floor((at - first) / size))]
    if (!bucket) return
    bucket.counts[run.status] += 1
    bucket.total += 1
  })
  return buckets
}
