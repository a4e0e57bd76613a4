// Reading typed JSON: values, and what is wrong with text that is not JSON.
import { describe, expect, it } from 'vitest'
import { parseJsonText } from './parse-json-text'

describe('parseJsonText', () => {
  it('reads JSON values', () => {
    expect(parseJsonText('{ "failTimes": 1 }')).toEqual({ ok: true, value: { failTimes: 1 } })
    expect(parseJsonText('null')).toEqual({ ok: true, value: null })
  })

  it('says what is wrong with empty text and with text that is not JSON', () => {
    expect(parseJsonText('  ')).toMatchObject({ ok: false, message: expect.stringContaining('Write the input as JSON') })
    expect(parseJsonText('{ failTimes: 1 }')).toMatchObject({ ok: false, message: expect.stringMatching(/^Not valid JSON: /) })
  })
})
