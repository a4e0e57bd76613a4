// Previous/next page buttons with "41–60 of 134" text.
interface PaginationProps {
  page: number
  pageSize: number
  shown: number
  total: number | null
  hasMore: boolean
  onPrev(): void
  onNext(): void
}

export function Pagination({ page, pageSize, shown, total, hasMore, onPrev, onNext }: PaginationProps) {
  const first = shown === 0 ? 0 : page * pageSize + 1
  const last = page * pageSize + shown
  return (
    <nav className="pagination" aria-label="Pages of runs">
      <span className="muted" aria-live="polite">
        {shown === 0 ? 'No runs' : `${first}–${last}${total !== null ? ` of ${total.toLocaleString()}` : ''}`}
      </span>
      <div className="actions">
        <button type="button" className="button" onClick={onPrev} disabled={page === 0}>
          Previous
        </button>
        <button type="button" className="button" onClick={onNext} disabled={!hasMore}>
          Next
        </button>
      </div>
    </nav>
  )
}
