// Cron in words for common patterns ("Every day at 02:00"); anything else is shown as the cron itself.
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const NICKNAMES: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
}

const isNumber = (field: string) => /^\d{1,2}$/.test(field)
const pad = (value: string) => value.padStart(2, '0')
const ordinal = (n: number) => `${n}${n % 10 === 1 && n !== 11 ? 'st' : n % 10 === 2 && n !== 12 ? 'nd' : n % 10 === 3 && n !== 13 ? 'rd' : 'th'}`

/** "Monday", "Monday to Friday", "Monday and Friday"; null for anything else. */
function dayWords(field: string): string | null {
  if (/^[0-7]$/.test(field)) return DAYS[Number(field) % 7] ?? null
  const range = /^([0-6])-([0-7])$/.exec(field)
  if (range) return `${DAYS[Number(range[1])]} to ${DAYS[Number(range[2]) % 7]}`
  if (/^[0-7](,[0-7])+$/.test(field)) {
    const names = field.split(',').map((day) => DAYS[Number(day) % 7])
    return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
  }
  return null
}

/** The time of day of fixed minute and hour fields, or null. */
function timeOfDay(minute: string, hour: string): string | null {
  return isNumber(minute) && isNumber(hour) ? `${pad(hour)}:${pad(minute)}` : null
}

/**
 * Says a cron in words when it is one of the common shapes, else returns it unchanged (never a guess).
 *
 * @example
 * cronInWords('0 2 * * *')   // 'Every day at 02:00'
 * cronInWords('*\/15 * * * *') // 'Every 15 minutes'
 * cronInWords('5 4 1-7 * 1') // '5 4 1-7 * 1'
 */
export function cronInWords(cron: string): string {
  const fields = (NICKNAMES[cron.trim()] ?? cron).trim().split(/\s+/)
  if (fields.length !== 5) return cron
  const [minute = '', hour = '', dayOfMonth = '', month = '', dayOfWeek = ''] = fields
  if (month !== '*') return cron
  const at = timeOfDay(minute, hour)
  if (dayOfMonth === '*' && dayOfWeek === '*') {
    if (fields.every((field) => field === '*')) return 'Every minute'
    const step = /^\*\/(\d+)$/.exec(minute)
    if (step && hour === '*') return `Every ${step[1]} minutes`
    if (isNumber(minute) && hour === '*') return minute === '0' ? 'Every hour, on the hour' : `Every hour at minute ${Number(minute)}`
    const hourStep = /^\*\/(\d+)$/.exec(hour)
    if (hourStep && isNumber(minute)) return `Every ${hourStep[1]} hours at minute ${Number(minute)}`
    if (at) return `Every day at ${at}`
    return cron
  }
  if (!at) return cron
  if (dayOfMonth === '*') {
    const days = dayWords(dayOfWeek)
    return days ? `Every ${days} at ${at}` : cron
  }
  if (dayOfWeek === '*' && isNumber(dayOfMonth)) return `On the ${ordinal(Number(dayOfMonth))} of every month at ${at}`
  return cron
}
