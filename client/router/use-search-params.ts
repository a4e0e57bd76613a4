// Hook: the query string as URLSearchParams, and a setter that replaces it (keeps the back button tidy).
import { useCallback, useMemo } from 'react'
import { navigate } from './history-router'
import { useLocation } from './use-location'

export function useSearchParams(): [URLSearchParams, (patch: Record<string, string | null>) => void] {
  const { pathname, search } = useLocation()
  const params = useMemo(() => new URLSearchParams(search), [search])
  const update = useCallback(
    (patch: Record<string, string | null>) => {
      const next = new URLSearchParams(search)
      for (const [key, value] of Object.entries(patch)) {
        if (value === null || value === '') next.delete(key)
        else next.set(key, value)
      }
      const query = next.toString()
      navigate(`${pathname}${query ? `?${query}` : ''}`, { replace: true })
    },
    [pathname, search],
  )
  return [params, update]
}
