// The access screen (the sign-in form, or how to set a token when the server has none) and signing out.
// @vitest-environment happy-dom
import { act } from 'react'
import type { Root } from 'react-dom/client'
import { mountTestRoot, unmountTestRoot } from '../test/dom-root'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SessionState } from '../lib/auth-store'
import { dashboardClient } from '../lib/dashboard-client'
import { AccessScreen } from './access-screen'
import { SignOutButton } from './sign-out-button'

let session: SessionState
let requests: string[]
let root: Root
let container: HTMLElement

const auth = dashboardClient.$core.auth
const text = () => container.textContent ?? ''

/** The server: GET /session answers `session`, everything else 401 unless `session` lets this browser in. */
async function serverFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const url = new URL(String(input), 'http://localhost')
  requests.push(`${init?.method ?? 'GET'} ${url.pathname}`)
  if (url.pathname === '/api/durably/session' && init?.method === 'DELETE') {
    session = { ...session, authenticated: false }
    return Response.json(session)
  }
  if (url.pathname === '/api/durably/session') return Response.json(session)
  if (session.authenticated) return Response.json([])
  return Response.json({ error: 'API token not configured: set STEPFLARE_API_TOKEN' }, { status: 401 })
}

/** Renders the access screen after a request was refused, as the app does, and lets GET /session answer. */
async function showAccessScreen(): Promise<void> {
  await act(async () => {
    auth.markRequired()
    root.render(<AccessScreen />)
  })
  await act(async () => {})
}

beforeEach(() => {
  session = { authenticated: false, configured: false, required: true }
  requests = []
  vi.stubGlobal('fetch', serverFetch)
  auth.markSignedIn()
  ;({ container, root } = mountTestRoot())
})
afterEach(async () => {
  await unmountTestRoot({ container, root })
  vi.unstubAllGlobals()
})

describe('access screen', () => {
  it('says that the server has no token and how to set one, instead of the sign-in form', async () => {
    await showAccessScreen()
    expect(container.querySelector('h1')?.textContent).toBe('No access token set')
    expect(text()).toContain('npx wrangler secret put STEPFLARE_API_TOKEN')
    expect(text()).toContain('STEPFLARE_OPEN_ACCESS=true')
    expect(text()).toContain('.dev.vars')
    expect(container.querySelector('input')).toBeNull()
    expect(requests).toEqual(['GET /api/durably/session'])
  })

  it('shows the sign-in form when the server has a token', async () => {
    session = { authenticated: false, configured: true, required: true }
    await showAccessScreen()
    expect(container.querySelector('h1')?.textContent).toBe('Sign in')
    expect(container.querySelector('input#token')).not.toBeNull()
    expect(text()).not.toContain('wrangler secret put')
  })

  it('checks again on request: a token now set brings the sign-in form, open access lets the views retry', async () => {
    await showAccessScreen()
    const checkAgain = () => act(async () => container.querySelector('button')?.click())

    session = { authenticated: false, configured: true, required: true }
    await checkAgain()
    expect(container.querySelector('h1')?.textContent).toBe('Sign in')

    session = { authenticated: false, configured: false, required: true }
    await act(async () => auth.recheck())
    expect(container.querySelector('h1')?.textContent).toBe('No access token set')
    const version = auth.getState().version
    session = { authenticated: true, configured: false, required: false }
    await checkAgain()
    expect(auth.getState()).toMatchObject({ required: false, version: version + 1 })
  })

  it('signs out from the header: the session ends on the server and the sign-in form shows', async () => {
    session = { authenticated: true, configured: true, required: true }
    await act(async () => root.render(<><SignOutButton /><AccessScreen /></>))
    await act(async () => {})
    expect(auth.getState()).toMatchObject({ required: false, signedIn: true })
    const button = container.querySelector('button')
    expect(button?.textContent).toBe('Sign out')

    await act(async () => button?.click())
    await act(async () => {})
    expect(requests).toContain('DELETE /api/durably/session')
    expect(auth.getState()).toMatchObject({ required: true, configured: true, signedIn: false })
    expect(container.querySelector('h1')?.textContent).toBe('Sign in')
    expect(text()).not.toContain('Sign out')
  })

  it('offers no sign-out where the API is open', async () => {
    session = { authenticated: true, configured: false, required: false }
    await act(async () => root.render(<SignOutButton />))
    await act(async () => {})
    expect(container.querySelector('button')).toBeNull()
  })
})
