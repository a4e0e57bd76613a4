import { describe, expect, it } from 'vitest'
import { cronInWords } from './cron-words'

describe('cronInWords', () => {
  it('says common crons in words', () => {
    expect(cronInWords('0 2 * * *')).toBe('Every day at 02:00')
    expect(cronInWords('@daily')).toBe('Every day at 00:00')
    expect(cronInWords('* * * * *')).toBe('Every minute')
    expect(cronInWords('*/15 * * * *')).toBe('Every 15 minutes')
    expect(cronInWords('0 * * * *')).toBe('Every hour, on the hour')
    expect(cronInWords('30 * * * *')).toBe('Every hour at minute 30')
    expect(cronInWords('0 */6 * * *')).toBe('Every 6 hours at minute 0')
    expect(cronInWords('0 6 * * 1-5')).toBe('Every Monday to Friday at 06:00')
    expect(cronInWords('15 4 * * 1')).toBe('Every Monday at 04:15')
    expect(cronInWords('0 9 * * 1,3,5')).toBe('Every Monday, Wednesday and Friday at 09:00')
    expect(cronInWords('0 0 1 * *')).toBe('On the 1st of every month at 00:00')
    expect(cronInWords('0 12 22 * *')).toBe('On the 22nd of every month at 12:00')
  })

  it('shows anything else as the cron itself', () => {
    for (const cron of ['5 4 1-7 * 1', '0 0 1 1 *', '*/10 * * * * *', '0 9-17 * * *', 'nonsense', 'L 0 * * *']) {
      expect(cronInWords(cron)).toBe(cron)
    }
  })
})
