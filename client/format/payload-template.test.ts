// The payload a signal form starts from: `{}`, or the wait's `expects` filled with each type's empty value.
import { describe, expect, it } from 'vitest'
import { payloadTemplate } from './payload-template'

describe('payloadTemplate', () => {
  it('fills the fields a wait expects with empty values of their types', () => {
    expect(JSON.parse(payloadTemplate({ title: 'Ship it', expects: { approved: 'boolean', note: 'string (optional)' } }))).toEqual({ approved: false, note: '' })
    expect(JSON.parse(payloadTemplate({ expects: { count: 'number', tags: 'array', when: 'date' } }))).toEqual({ count: 0, tags: [], when: null })
  })

  it('starts from {} when the metadata says nothing of what it expects', () => {
    for (const metadata of [null, undefined, 'text', [], { title: 'x' }, { expects: 'boolean' }, { expects: {} }]) {
      expect(payloadTemplate(metadata)).toBe('{}')
    }
  })
})
