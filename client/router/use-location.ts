// Hook: the current location, re-rendering on navigate() and the back/forward buttons.
import { useSyncExternalStore } from 'react'
import { getLocation, subscribeLocation, type Location } from './history-router'

export function useLocation(): Location {
  return useSyncExternalStore(subscribeLocation, getLocation, getLocation)
}
