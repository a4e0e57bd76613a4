// The access screen: the sign-in form when the server has a token, how to set one when it has none.
// @vitest-environment happy-dom
import { act } from 'react'
import { createRoot, type Root } from 'react-dom/client'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SessionState } from '../lib/auth-store'
import { durablyClient } from '../lib/durably'
import { AccessScreen } from './access-screen'

let session: SessionState
let requests: string[]
let root: Root
let container: HTMLElement

const auth = durablyClient.$core.auth
const text = () => container.textContent ?? ''

/** The server: GET /session answers `session`, everything else 401 unless `session` lets this browser in. */
async function serverFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const url = new URL(String(input), 'http://localhost')
  requests.push(`${init?.method ?? 'GET'} ${url.pathname}`)
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
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
  session = { authenticated: false, configured: false, required: true }
  requests = []
  vi.stubGlobal('fetch', serverFetch)
  auth.markSignedIn()
  container = document.createElement('div')
  document.body.appendChild(container)
  root = createRoot(container)
})
afterEach(async () => {
  await act(async () => root.unmount())
  container.remove()
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
})
