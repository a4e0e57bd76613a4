// What the chosen CSV contains: rows ready to import, and which lines are bad and why.
import type { ContactsResult } from '../csv/read-contacts'

const SHOWN_BAD_LINES = 8

export function FileSummary({ filename, result }: { filename: string; result: ContactsResult }) {
  const { badLines } = result
  return (
    <div className={result.ok ? 'file-summary' : 'file-summary file-summary-error'} role={result.ok ? 'status' : 'alert'}>
      {result.ok ? (
        <p>
          <strong>{filename}</strong>: {plural(result.rows.length, 'contact')} ready to import
          {badLines.length > 0 && `, ${plural(badLines.length, 'bad line')} will be skipped`}.
        </p>
      ) : (
        <p>
          <strong>{filename}</strong>: {result.message}
        </p>
      )}
      {badLines.length > 0 && (
        <ul className="bad-lines" aria-label="Bad lines">
          {badLines.slice(0, SHOWN_BAD_LINES).map((bad) => (
            <li key={bad.line}>
              Line {bad.line}: {bad.reason}
            </li>
          ))}
          {badLines.length > SHOWN_BAD_LINES && <li>…and {badLines.length - SHOWN_BAD_LINES} more</li>}
        </ul>
      )}
    </div>
  )
}

export function plural(n: number, word: string): string {
  return `${n.toLocaleString()} ${word}${n === 1 ? '' : 's'}`
}
