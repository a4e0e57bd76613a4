// Human-readable durations, relative times and timestamps for the run views.

/** 850 ms, 4.2 s, 3 min 5 s, 2 h 10 min. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—'
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`
  const hours = Math.floor(minutes / 60)
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`
}

/** Time between two ISO timestamps (the second defaults to now), formatted. */
export function formatElapsed(from: string | null, to: string | null, now = Date.now()): string {
  if (!from) return '—'
  const end = to ? Date.parse(to) : now
  // Clock skew between the writers of the two stamps can make a tiny negative span: show it as zero.
  return formatDuration(Math.max(0, end - Date.parse(from)))
}

/** "just now", "12 s ago", "5 min ago", "3 h ago", "2 days ago". */
export function formatRelative(iso: string | null, now = Date.now()): string {
  if (!iso) return '—'
  const seconds = Math.round((now - Date.parse(iso)) / 1000)
  if (!Number.isFinite(seconds)) return '—'
  if (seconds < 5) return 'just now'
  if (seconds < 60) return `${seconds} s ago`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes} min ago`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return `${hours} h ago`
  return `${Math.floor(hours / 24)} days ago`
}

const dateTime = new Intl.DateTimeFormat(undefined, {
  month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit',
})

/** A local date and time, e.g. "Nov 24, 14:03:12". */
export function formatDateTime(iso: string | null): string {
  if (!iso) return '—'
  const time = Date.parse(iso)
  return Number.isFinite(time) ? dateTime.format(time) : '—'
}
