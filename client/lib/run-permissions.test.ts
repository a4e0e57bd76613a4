// Which actions each run status allows: a waiting run can be cancelled (and answered when it waits for a signal), a
// finished one retriggered or deleted.
import { describe, expect, it } from 'vitest'
import { allowedActions, allowedCommands, allows } from './run-permissions'

describe('run permissions', () => {
  it('lets pending, running and waiting runs be cancelled only', () => {
    for (const status of ['pending', 'leased', 'waiting'] as const) expect(allowedActions(status)).toEqual(['cancel'])
    expect(allows('waiting', 'delete')).toBe(false)
    expect(allows('waiting', 'retrigger')).toBe(false)
  })

  it('lets finished runs be retriggered or deleted, not cancelled', () => {
    for (const status of ['completed', 'failed', 'cancelled'] as const) expect(allowedActions(status)).toEqual(['retrigger', 'delete'])
  })

  it('lets a run waiting for a signal be answered, and no other run', () => {
    expect(allowedActions('waiting', { kind: 'signal' })).toEqual(['cancel', 'signal'])
    expect(allows('waiting', 'signal', { kind: 'signal' })).toBe(true)
    for (const kind of ['sleep', 'retry', 'delay'] as const) expect(allows('waiting', 'signal', { kind })).toBe(false)
    expect(allows('waiting', 'signal')).toBe(false)
    for (const status of ['pending', 'leased', 'completed', 'failed', 'cancelled'] as const) {
      expect(allows(status, 'signal', { kind: 'signal' })).toBe(false)
    }
  })

  it('offers only commands as buttons', () => {
    expect(allowedCommands('waiting')).toEqual(['cancel'])
    expect(allowedCommands('completed')).toEqual(['retrigger', 'delete'])
  })
})
