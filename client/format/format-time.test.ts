// Human-readable durations and relative times.
import { describe, expect, it } from 'vitest'
import { formatDuration, formatElapsed, formatRelative } from './format-time'

describe('format-time', () => {
  it('formats durations from milliseconds to hours', () => {
    expect(formatDuration(850)).toBe('850 ms')
    expect(formatDuration(4200)).toBe('4.2 s')
    expect(formatDuration(42_000)).toBe('42 s')
    expect(formatDuration(185_000)).toBe('3 min 5 s')
    expect(formatDuration(2 * 3_600_000 + 600_000)).toBe('2 h 10 min')
    expect(formatDuration(null)).toBe('—')
  })

  it('measures elapsed time, clamping a slightly inverted pair of stamps to zero', () => {
    expect(formatElapsed('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.500Z')).toBe('1.5 s')
    expect(formatElapsed('2026-01-01T00:00:00.002Z', '2026-01-01T00:00:00.000Z')).toBe('0 ms')
    expect(formatElapsed(null, null)).toBe('—')
  })

  it('says how long ago something happened', () => {
    const now = Date.parse('2026-01-01T12:00:00.000Z')
    expect(formatRelative('2026-01-01T11:59:58.000Z', now)).toBe('just now')
    expect(formatRelative('2026-01-01T11:59:30.000Z', now)).toBe('30 s ago')
    expect(formatRelative('2026-01-01T11:00:00.000Z', now)).toBe('1 h ago')
    expect(formatRelative('2025-12-29T12:00:00.000Z', now)).toBe('3 days ago')
  })
})
