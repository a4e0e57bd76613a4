// Browser sessions end on the server: at sign-out, when the API token changes, and a fixed time after sign-in.
import { env } from 'cloudflare:workers'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { app } from '../../app'
import { api, BASE, TEST_TOKEN } from '../testing/requests'
import { SESSION_LIFETIME_SECONDS } from './limits'
import { SWEEP_LIMIT } from './session-store'

const DAY_MS = 24 * 60 * 60 * 1000

function signInResponse(token = TEST_TOKEN): Promise<Response> {
  return api('/session', { method: 'POST', token: null, body: JSON.stringify({ token }) })
}

async function signIn(token = TEST_TOKEN): Promise<string> {
  const response = await signInResponse(token)
  expect(response.status).toBe(200)
  return (response.headers.get('Set-Cookie') ?? '').split(';')[0] ?? ''
}

async function statusWith(cookie: string): Promise<number> {
  const response = await api('/runs', { token: null, headers: { Cookie: cookie } })
  await response.body?.cancel()
  return response.status
}

async function sessionRows(): Promise<number> {
  const row = await env.DB.prepare('SELECT COUNT(*) AS count FROM sessions').first<{ count: number }>()
  return row?.count ?? 0
}

afterEach(() => {
  vi.useRealTimers()
})

describe('browser sessions', () => {
  it('gives every sign-in a session of its own, stored only as a hash', async () => {
    const first = await signIn()
    const second = await signIn()
    expect(first).not.toBe(second)
    const id = first.split('=')[1] ?? ''
    const stored = await env.DB.prepare('SELECT COUNT(*) AS count FROM sessions WHERE id_hash = ?').bind(id).first()
    expect(stored).toEqual({ count: 0 })
    expect(await statusWith(first)).toBe(200)
    expect(await statusWith(second)).toBe(200)
  })

  it('ends the session on the server at sign-out: the old cookie value gets 401', async () => {
    const cookie = await signIn()
    const other = await signIn()
    expect(await statusWith(cookie)).toBe(200)
    const signedOut = await api('/session', { method: 'DELETE', token: null, headers: { Cookie: cookie } })
    expect(await signedOut.json()).toEqual({ authenticated: false, configured: true, required: true })
    expect(await statusWith(cookie)).toBe(401)
    const state = await api('/session', { token: null, headers: { Cookie: cookie } })
    expect(await state.json()).toEqual({ authenticated: false, configured: true, required: true })
    expect(await statusWith(other)).toBe(200)
  })

  it('ends every session when the API token changes', async () => {
    const cookie = await signIn()
    const rotated = { ...env, STEPFLARE_API_TOKEN: 'rotated-token' }
    const response = await app.request(`${BASE}/runs`, { headers: { Cookie: cookie } }, rotated)
    expect(response.status).toBe(401)
    const state = await app.request(`${BASE}/session`, { headers: { Cookie: cookie } }, rotated)
    expect(await state.json()).toEqual({ authenticated: false, configured: true, required: true })
    // The session is gone for good: setting the old token again does not bring it back.
    expect(await statusWith(cookie)).toBe(401)

    const body = JSON.stringify({ token: 'rotated-token' })
    const signedIn = await app.request(`${BASE}/session`, { method: 'POST', body }, rotated)
    const fresh = (signedIn.headers.get('Set-Cookie') ?? '').split(';')[0] ?? ''
    expect((await app.request(`${BASE}/runs`, { headers: { Cookie: fresh } }, rotated)).status).toBe(200)
    expect(await statusWith(fresh)).toBe(401)
  })

  it(`ends a session ${SESSION_LIFETIME_SECONDS / 86_400} days after sign-in, however often it is used`, async () => {
    const start = Date.now()
    vi.setSystemTime(start)
    const response = await signInResponse()
    expect(response.headers.get('Set-Cookie')).toContain(`Max-Age=${SESSION_LIFETIME_SECONDS};`)
    const cookie = (response.headers.get('Set-Cookie') ?? '').split(';')[0] ?? ''
    for (const day of [1, 3, 6]) {
      vi.setSystemTime(start + day * DAY_MS)
      expect(await statusWith(cookie)).toBe(200)
    }
    const rowsBefore = await sessionRows()
    vi.setSystemTime(start + SESSION_LIFETIME_SECONDS * 1000 + 1000)
    expect(await statusWith(cookie)).toBe(401)
    expect(await sessionRows()).toBe(rowsBefore - 1)
  })

  it('sweeps ended sessions at sign-in, a bounded number at a time', async () => {
    await env.DB.prepare('DELETE FROM sessions').run()
    const now = Date.now()
    // Half have expired, half were opened with an older token: none can be used again.
    const insert = 'INSERT INTO sessions (id_hash, token_fingerprint, created_at, expires_at) VALUES (?, ?, ?, ?)'
    const ended = Array.from({ length: SWEEP_LIMIT + 20 }, (_, i) =>
      env.DB.prepare(insert).bind(`ended-${i}`, 'older-token', now - DAY_MS, now + (i % 2 === 0 ? -DAY_MS : DAY_MS)),
    )
    await env.DB.batch(ended)
    await signIn()
    expect(await sessionRows()).toBe(20 + 1)
    await signIn()
    expect(await sessionRows()).toBe(2)
  })
})
