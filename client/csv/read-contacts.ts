// Turns an uploaded file into import rows {name, email}, or says clearly why it cannot (empty, not CSV, bad lines).
import { parseCsv } from './parse-csv'

export interface ContactRow {
  name: string
  email: string
}

export interface BadLine {
  line: number
  reason: string
}

export type ContactsResult =
  | { ok: true; rows: ContactRow[]; badLines: BadLine[] }
  | { ok: false; message: string; badLines: BadLine[] }

const CSV_TYPES = new Set(['text/csv', 'application/csv'])
export const MAX_FILE_BYTES = 800_000

/** A cheap sniff: a CSV file has a .csv name or a CSV MIME type, and no NUL bytes (binary content). */
export function looksLikeCsv(file: { name: string; type: string }, text: string): boolean {
  if (!/\.csv$/i.test(file.name) && !CSV_TYPES.has(file.type)) return false
  return !text.includes('\u0000')
}

/** Reads name/email rows; the first record must be a header naming both columns (any order, any case). */
export function readContacts(file: { name: string; type: string; size: number }, text: string): ContactsResult {
  if (file.size > MAX_FILE_BYTES) {
    return fail(`The file is too large (${Math.round(file.size / 1000)} KB); the limit is ${MAX_FILE_BYTES / 1000} KB.`)
  }
  if (!looksLikeCsv(file, text)) return fail('not a CSV file. Choose a .csv file with name and email columns.')
  const records = parseCsv(text)
  const [header, ...body] = records
  if (!header) return fail('The file is empty. Add a header row (name,email) and at least one contact.')
  const columns = header.fields.map((field) => field.trim().toLowerCase())
  const nameAt = columns.indexOf('name')
  const emailAt = columns.indexOf('email')
  if (nameAt < 0 || emailAt < 0) {
    return fail(`Line ${header.line}: the header must name the columns "name" and "email" (found: ${columns.join(', ') || 'nothing'}).`)
  }
  if (body.length === 0) return fail('The file has a header but no contacts.')
  const rows: ContactRow[] = []
  const badLines: BadLine[] = []
  for (const record of body) {
    const name = (record.fields[nameAt] ?? '').trim()
    const email = (record.fields[emailAt] ?? '').trim()
    const reason = rowProblem(name, email)
    if (reason) badLines.push({ line: record.line, reason })
    else rows.push({ name, email })
  }
  if (rows.length === 0) return { ok: false, message: 'No valid contacts in the file.', badLines }
  return { ok: true, rows, badLines }
}

function rowProblem(name: string, email: string): string | null {
  if (!name && !email) return 'missing name and email'
  if (!name) return 'missing name'
  if (!email) return 'missing email'
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) return `invalid email "${email}"`
  return null
}

function fail(message: string): ContactsResult {
  return { ok: false, message, badLines: [] }
}
