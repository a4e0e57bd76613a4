// Long lists show their newest entries only: how many are hidden, and the line that offers to show them all.
import { useState } from 'react'

/** How many of `total` entries are hidden while only the newest `limit` are shown, and a way to show them all. */
export function useNewestOnly(total: number, limit: number): { hidden: number; showAll: () => void } {
  const [all, setAll] = useState(false)
  return { hidden: all ? 0 : Math.max(0, total - limit), showAll: () => setAll(true) }
}

/** "N earlier <noun> not shown. [Show all M <noun>]", or nothing when none is hidden. */
export function EarlierHidden({ hidden, total, noun, onShowAll }: { hidden: number; total: number; noun: string; onShowAll: () => void }) {
  if (hidden <= 0) return null
  return (
    <p className="timeline-more muted">
      {hidden.toLocaleString()} earlier {noun} not shown.{' '}
      <button type="button" className="button button-small button-ghost" onClick={onShowAll}>
        Show all {total.toLocaleString()} {noun}
      </button>
    </p>
  )
}
