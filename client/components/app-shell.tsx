// Page frame: skip link, header with navigation (current page marked) and sign-out, and the main landmark.
import type { ReactNode } from 'react'
import { Link } from '../router/link'
import { SignOutButton } from './sign-out-button'

const NAV = [
  { href: '/', label: 'Import' },
  { href: '/runs', label: 'Runs' },
  { href: '/schedules', label: 'Schedules' },
  { href: '/events', label: 'Events' },
]

export function AppShell({ pathname, children }: { pathname: string; children: ReactNode }) {
  const isCurrent = (href: string) => (href === '/' ? pathname === '/' : pathname.startsWith(href))
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link href="/" className="brand">
            <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
              <path d="M4 18h4v-4h4v-4h4V6h4" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinejoin="round" />
            </svg>
            Stepflare
          </Link>
          <nav aria-label="Main">
            <ul className="nav">
              {NAV.map((item) => (
                <li key={item.href}>
                  <Link href={item.href} aria-current={isCurrent(item.href) ? 'page' : undefined}>
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <SignOutButton />
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {children}
      </main>
    </>
  )
}
