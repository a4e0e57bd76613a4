// The app: routes (/, /runs, /runs/:id, /schedules, /events) inside the shell, or the access screen (sign-in) when the API asks for one.
import { lazy, Suspense, useEffect, useRef } from 'react'
import { AppShell } from './components/app-shell'
import { AccessScreen } from './components/access-screen'
import { dashboardClient } from './lib/dashboard-client'
import { DashboardPage } from './pages/dashboard-page'
import { ImportPage } from './pages/import-page'
import { NotFoundPage } from './pages/not-found-page'
import { RunDetailPage } from './pages/run-detail-page'
import { matchRoute } from './router/match-route'
import { useLocation } from './router/use-location'

/** Loaded when first opened: the first page of most visits (import, runs, a run) does not need it. */
const SchedulesPage = lazy(() => import('./pages/schedules-page').then((module) => ({ default: module.SchedulesPage })))
const EventsPage = lazy(() => import('./pages/events-page').then((module) => ({ default: module.EventsPage })))

const TITLES: Record<string, string> = { '/': 'Import', '/runs': 'Runs', '/schedules': 'Schedules', '/events': 'Events' }

export function App() {
  const { pathname } = useLocation()
  const { required } = dashboardClient.useAuth()
  const detail = matchRoute('/runs/:id', pathname)

  useEffect(() => {
    document.title = `${detail ? 'Run' : (TITLES[pathname] ?? 'Not found')} · Stepflare`
  }, [pathname, detail])
  useFocusOnNavigation(pathname)

  return (
    <AppShell pathname={pathname}>
      {required ? <AccessScreen /> : <Page pathname={pathname} runId={detail?.id ?? null} />}
    </AppShell>
  )
}

function Page({ pathname, runId }: { pathname: string; runId: string | null }) {
  if (runId) return <RunDetailPage key={runId} runId={runId} />
  if (matchRoute('/', pathname)) return <ImportPage />
  if (matchRoute('/runs', pathname)) return <DashboardPage />
  if (matchRoute('/schedules', pathname)) {
    return (
      <Suspense fallback={<p className="page muted">Loading schedules…</p>}>
        <SchedulesPage />
      </Suspense>
    )
  }
  if (matchRoute('/events', pathname)) {
    return (
      <Suspense fallback={<p className="page muted">Loading events…</p>}>
        <EventsPage />
      </Suspense>
    )
  }
  return <NotFoundPage />
}

/** After a client-side navigation, moves focus to the main region so keyboard and screen-reader users start there. */
function useFocusOnNavigation(pathname: string): void {
  const first = useRef(true)
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    document.getElementById('main')?.focus({ preventScroll: true })
  }, [pathname])
}
