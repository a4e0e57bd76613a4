// CSV reading in the browser: quotes and CRLF, bad lines reported by number, empty and non-CSV files refused.
import { describe, expect, it } from 'vitest'
import { parseCsv } from './parse-csv'
import { readContacts } from './read-contacts'

const csvFile = (text: string, name = 'people.csv') => ({ file: { name, type: 'text/csv', size: text.length }, text })
const read = (text: string, name?: string) => {
  const { file } = csvFile(text, name)
  return readContacts(file, text)
}

describe('parseCsv', () => {
  it('handles quoted fields, escaped quotes, CRLF, a BOM and line breaks inside quotes', () => {
    const text = '\uFEFFname,email\r\n"Doe, Jane","jane@x.io"\r\n"Say ""hi""\nthere",a@b.c\r\n\r\nlast,l@x.io'
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['name', 'email'] },
      { line: 2, fields: ['Doe, Jane', 'jane@x.io'] },
      { line: 3, fields: ['Say "hi"\nthere', 'a@b.c'] },
      { line: 6, fields: ['last', 'l@x.io'] },
    ])
  })
})

describe('readContacts', () => {
  it('reads rows by header name in any column order', () => {
    const result = read('Email,Name\nada@example.com,Ada\n')
    expect(result).toEqual({ ok: true, rows: [{ name: 'Ada', email: 'ada@example.com' }], badLines: [] })
  })

  it('reports which lines are bad and keeps the good ones', () => {
    const result = read('name,email\nAda,ada@example.com\nBob,\n,carol@example.com\nDan,not-an-email\n')
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.rows).toHaveLength(1)
    expect(result.badLines).toEqual([
      { line: 3, reason: 'missing email' },
      { line: 4, reason: 'missing name' },
      { line: 5, reason: 'invalid email "not-an-email"' },
    ])
  })

  it('refuses an empty file, a header-only file and a file without the columns', () => {
    expect(read('')).toMatchObject({ ok: false, message: expect.stringContaining('empty') })
    expect(read('name,email\n')).toMatchObject({ ok: false, message: expect.stringContaining('no contacts') })
    expect(read('first,last\na,b\n')).toMatchObject({ ok: false, message: expect.stringContaining('"name" and "email"') })
  })

  it('refuses a file that is not CSV', () => {
    const png = readContacts({ name: 'logo.png', type: 'image/png', size: 10 }, '\u0089PNG\u0000')
    expect(png).toMatchObject({ ok: false, message: expect.stringContaining('not a CSV file.') })
    const binary = readContacts({ name: 'data.csv', type: 'text/csv', size: 5 }, 'a\u0000b')
    expect(binary.ok).toBe(false)
  })

  it('refuses a file with no valid contact and lists why', () => {
    const result = read('name,email\nBob,\n')
    expect(result).toMatchObject({ ok: false, badLines: [{ line: 2, reason: 'missing email' }] })
  })
})
