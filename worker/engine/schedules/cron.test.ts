// Cron parsing in workerd (croner with the runtime's Intl time zones): fire times across DST changes, and validation.
import { describe, expect, it } from 'vitest'
import { ValidationError } from '../errors'
import { checkCron, cronProblem, fireTimesAfter, latestFireAtOrBefore, timezoneProblem } from './cron'

const iso = (times: number[]) => times.map((ms) => new Date(ms).toISOString())
const at = (text: string) => Date.parse(text)

describe('cron fire times', () => {
  it('reads the cron in its time zone across the spring change (Europe/Berlin, 2026-03-29)', () => {
    // 02:30 does not exist that night: the fire moves to the first valid time after the gap (03:00 CEST).
    expect(iso(fireTimesAfter('30 2 * * *', 'Europe/Berlin', at('2026-03-27T12:00:00Z'), 3))).toEqual([
      '2026-03-28T01:30:00.000Z', // 02:30 CET
      '2026-03-29T01:00:00.000Z', // 03:00 CEST
      '2026-03-30T00:30:00.000Z', // 02:30 CEST
    ])
  })

  it('fires once at a repeated time in the autumn change (Europe/Berlin, 2026-10-25)', () => {
    expect(iso(fireTimesAfter('30 2 * * *', 'Europe/Berlin', at('2026-10-23T12:00:00Z'), 3))).toEqual([
      '2026-10-24T00:30:00.000Z', // 02:30 CEST
      '2026-10-25T00:30:00.000Z', // the first 02:30 (CEST) only
      '2026-10-26T01:30:00.000Z', // 02:30 CET
    ])
  })

  it('keeps a daily time in America/New_York on both sides of a change (2026-03-08)', () => {
    expect(iso(fireTimesAfter('0 9 * * *', 'America/New_York', at('2026-03-07T00:00:00Z'), 2))).toEqual([
      '2026-03-07T14:00:00.000Z', // 09:00 EST
      '2026-03-08T13:00:00.000Z', // 09:00 EDT
    ])
  })

  it('reads six fields as seconds first, and nicknames', () => {
    expect(iso(fireTimesAfter('*/20 * * * * *', 'UTC', at('2026-01-01T00:00:05Z'), 2))).toEqual([
      '2026-01-01T00:00:20.000Z',
      '2026-01-01T00:00:40.000Z',
    ])
    expect(iso(fireTimesAfter('@daily', 'UTC', at('2026-01-01T10:00:00Z'), 1))).toEqual(['2026-01-02T00:00:00.000Z'])
  })

  it('finds the latest fire time passed since a due one (catch-up after downtime)', () => {
    const due = at('2026-01-01T00:00:00Z')
    expect(new Date(latestFireAtOrBefore('0 * * * *', 'UTC', due, at('2026-01-03T05:30:00Z'))).toISOString()).toBe(
      '2026-01-03T05:00:00.000Z',
    )
    expect(latestFireAtOrBefore('0 * * * *', 'UTC', due, due)).toBe(due)
  })
})

describe('cron validation', () => {
  it('says what is wrong with a cron and a time zone', () => {
    expect(cronProblem('61 * * * *')).toMatch(/does not parse.*minute/)
    expect(cronProblem('* * *')).toMatch(/does not parse/)
    expect(cronProblem('0 0 31 2 *')).toMatch(/never fires/)
    expect(cronProblem('')).toMatch(/cron expression/)
    expect(cronProblem('0 3 * * *')).toBeNull()
    expect(timezoneProblem('Mars/Olympus')).toMatch(/unknown time zone/)
    expect(timezoneProblem('Europe/Berlin')).toBeNull()
  })

  it('throws a ValidationError naming each field', () => {
    const issuesOf = (cron: unknown, timezone: unknown) => {
      try {
        checkCron(cron, timezone)
        return []
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError)
        return (error as ValidationError).issues.map((issue) => issue.path)
      }
    }
    expect(issuesOf('every day', 'UTC')).toEqual(['cron'])
    expect(issuesOf('0 3 * * *', 'Nowhere/City')).toEqual(['timezone'])
    expect(issuesOf(5, 7)).toEqual(['timezone', 'cron'])
    expect(issuesOf('0 3 * * *', 'Asia/Tokyo')).toEqual([])
  })
})
