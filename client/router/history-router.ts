// A tiny router on the History API: the current location as a subscribable value, and navigate().
type Listener = () => void
const listeners = new Set<Listener>()
const NAVIGATE_EVENT = 'stepflare:navigate'

export interface Location {
  pathname: string
  search: string
}

let current: Location | null = null

function read(): Location {
  const { pathname, search } = window.location
  if (!current || current.pathname !== pathname || current.search !== search) current = { pathname, search }
  return current
}

function notify(): void {
  for (const listener of [...listeners]) listener()
}

export function getLocation(): Location {
  return read()
}

export function subscribeLocation(listener: Listener): () => void {
  if (listeners.size === 0) {
    window.addEventListener('popstate', notify)
    window.addEventListener(NAVIGATE_EVENT, notify)
  }
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0) {
      window.removeEventListener('popstate', notify)
      window.removeEventListener(NAVIGATE_EVENT, notify)
    }
  }
}

/** Goes to `to` (path plus optional query) without a reload; `replace` keeps the history length. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const target = new URL(to, window.location.href)
  const path = `${target.pathname}${target.search}`
  if (path === `${window.location.pathname}${window.location.search}`) return
  if (options.replace) window.history.replaceState(null, '', path)
  else window.history.pushState(null, '', path)
  window.dispatchEvent(new Event(NAVIGATE_EVENT))
  if (!options.replace) window.scrollTo(0, 0)
}
