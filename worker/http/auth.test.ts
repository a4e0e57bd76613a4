// The Worker's access policy on every endpoint: bearer token, session cookie, unconfigured token, open access.
import { describe, expect, it } from 'vitest'
import { app } from '../app'
import { api, BASE, importInput, TEST_TOKEN, trigger, waitForRun } from './testing/requests'

interface Endpoint {
  name: string
  method: string
  path: (runId: string) => string
  body?: unknown
  /** Status when the caller is allowed, given a completed run. */
  allowed: number
}

const ENDPOINTS: Endpoint[] = [
  {
    name: 'POST /trigger',
    method: 'POST',
    path: () => '/trigger',
    body: { jobName: 'import-csv', input: importInput(1) },
    allowed: 200,
  },
  { name: 'GET /runs', method: 'GET', path: () => '/runs', allowed: 200 },
  { name: 'GET /runs/subscribe', method: 'GET', path: () => '/runs/subscribe', allowed: 200 },
  { name: 'GET /run', method: 'GET', path: (id) => `/run?runId=${id}`, allowed: 200 },
  { name: 'GET /steps', method: 'GET', path: (id) => `/steps?runId=${id}`, allowed: 200 },
  { name: 'GET /logs', method: 'GET', path: (id) => `/logs?runId=${id}`, allowed: 200 },
  { name: 'GET /subscribe', method: 'GET', path: (id) => `/subscribe?runId=${id}`, allowed: 200 },
  { name: 'POST /retrigger', method: 'POST', path: (id) => `/retrigger?runId=${id}`, allowed: 200 },
  { name: 'POST /cancel', method: 'POST', path: (id) => `/cancel?runId=${id}`, allowed: 409 },
  { name: 'DELETE /run', method: 'DELETE', path: (id) => `/run?runId=${id}`, allowed: 200 },
  { name: 'GET /openapi.json', method: 'GET', path: () => '/openapi.json', allowed: 200 },
  { name: 'GET /no-such-path', method: 'GET', path: () => '/no-such-path', allowed: 404 },
]

async function completedRun(): Promise<string> {
  const runId = await trigger('import-csv', importInput(1))
  await waitForRun(runId, ['completed'])
  return runId
}

function requestInit(endpoint: Endpoint, headers: Record<string, string>): RequestInit {
  const body = endpoint.body === undefined ? undefined : JSON.stringify(endpoint.body)
  return { method: endpoint.method, headers: { 'Content-Type': 'application/json', ...headers }, body }
}

async function statusOf(response: Response): Promise<number> {
  await response.body?.cancel()
  return response.status
}

async function signIn(token = TEST_TOKEN): Promise<Response> {
  return api('/session', { method: 'POST', token: null, body: JSON.stringify({ token }) })
}

function cookieOf(response: Response): string {
  return (response.headers.get('Set-Cookie') ?? '').split(';')[0] ?? ''
}

describe('with STEPFLARE_API_TOKEN set', () => {
  it.each(ENDPOINTS)('$name: 401 without a token or with a wrong one', async (endpoint) => {
    const runId = await completedRun()
    const attempts: Record<string, string>[] = [
      {},
      { Authorization: 'Bearer wrong-token' },
      { Authorization: TEST_TOKEN },
      { Cookie: 'stepflare_session=forged' },
    ]
    for (const headers of attempts) {
      const response = await api(endpoint.path(runId), { ...requestInit(endpoint, headers), token: null })
      expect(response.status).toBe(401)
      expect(((await response.json()) as { error: string }).error).toContain('Unauthorized')
    }
  })

  it.each(ENDPOINTS)('$name: served with the bearer token and with the session cookie', async (endpoint) => {
    const cookie = cookieOf(await signIn())
    const credentials: Record<string, string>[] = [{ Authorization: `Bearer ${TEST_TOKEN}` }, { Cookie: cookie }]
    for (const headers of credentials) {
      const runId = await completedRun()
      const response = await api(endpoint.path(runId), { ...requestInit(endpoint, headers), token: null })
      expect(await statusOf(response)).toBe(endpoint.allowed)
    }
  })

  it('signs in with the token into an HttpOnly, SameSite=Strict cookie, and out again', async () => {
    expect(await (await api('/session', { token: null })).json()).toEqual({
      authenticated: false,
      configured: true,
      required: true,
    })
    const wrong = await signIn('not-the-token')
    expect(wrong.status).toBe(401)
    expect(wrong.headers.get('Set-Cookie')).toBeNull()

    const signedIn = await signIn()
    expect(signedIn.status).toBe(200)
    const setCookie = signedIn.headers.get('Set-Cookie') ?? ''
    expect(setCookie).toMatch(/^stepflare_session=[0-9a-f]{64};/)
    expect(setCookie).toContain('HttpOnly')
    expect(setCookie).toContain('SameSite=Strict')
    expect(setCookie).toContain('Path=/api/durably')
    expect(setCookie).not.toContain('Secure')
    const cookie = cookieOf(signedIn)
    expect(await (await api('/session', { token: null, headers: { Cookie: cookie } })).json()).toEqual({
      authenticated: true,
      configured: true,
      required: true,
    })

    const signedOut = await api('/session', { method: 'DELETE', token: null, headers: { Cookie: cookie } })
    expect(signedOut.status).toBe(200)
    expect(signedOut.headers.get('Set-Cookie')).toMatch(/^stepflare_session=;.*Max-Age=0/)
  })

  it('marks the cookie Secure over https', async () => {
    const response = await app.request('https://stepflare.test/api/durably/session', {
      method: 'POST',
      body: JSON.stringify({ token: TEST_TOKEN }),
    })
    expect(response.headers.get('Set-Cookie')).toContain('Secure')
  })

  it('lets a wrong bearer token win over a valid cookie', async () => {
    const cookie = cookieOf(await signIn())
    const response = await api('/runs', { token: 'wrong', headers: { Cookie: cookie } })
    expect(response.status).toBe(401)
  })
})

describe('without STEPFLARE_API_TOKEN', () => {
  const closed = {}
  const open = { STEPFLARE_OPEN_ACCESS: 'true' }

  it.each(ENDPOINTS)('$name: 401 naming the missing token unless open access is on', async (endpoint) => {
    const runId = await completedRun()
    for (const env of [closed, { STEPFLARE_OPEN_ACCESS: 'yes' }]) {
      const response = await app.request(`${BASE}${endpoint.path(runId)}`, requestInit(endpoint, {}), env)
      expect(response.status).toBe(401)
      expect(await response.json()).toEqual({ error: 'API token not configured: set STEPFLARE_API_TOKEN' })
    }
    const served = await app.request(`${BASE}${endpoint.path(runId)}`, requestInit(endpoint, {}), open)
    expect(await statusOf(served)).toBe(endpoint.allowed)
  })

  it('tells the UI whether sign-in is needed, and that no token is configured', async () => {
    const closedState = await app.request(`${BASE}/session`, {}, closed)
    expect(await closedState.json()).toEqual({ authenticated: false, configured: false, required: true })
    const openState = await app.request(`${BASE}/session`, {}, open)
    expect(await openState.json()).toEqual({ authenticated: true, configured: false, required: false })
    const signIn = await app.request(`${BASE}/session`, { method: 'POST', body: '{"token":"x"}' }, closed)
    expect(signIn.status).toBe(401)
  })
})
