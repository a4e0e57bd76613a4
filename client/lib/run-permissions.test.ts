// Which actions each run status allows: a waiting run can be cancelled, a finished one retriggered or deleted.
import { describe, expect, it } from 'vitest'
import { allowedActions, allows } from './run-permissions'

describe('run permissions', () => {
  it('lets pending, running and waiting runs be cancelled only', () => {
    for (const status of ['pending', 'leased', 'waiting'] as const) expect(allowedActions(status)).toEqual(['cancel'])
    expect(allows('waiting', 'delete')).toBe(false)
    expect(allows('waiting', 'retrigger')).toBe(false)
  })

  it('lets finished runs be retriggered or deleted, not cancelled', () => {
    for (const status of ['completed', 'failed', 'cancelled'] as const) expect(allowedActions(status)).toEqual(['retrigger', 'delete'])
  })
})
