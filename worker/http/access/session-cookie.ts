// The browser session cookie: an HMAC of a fixed label keyed by the API token, so only the token's holder can mint it.
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { secretsEqual } from './secrets'

export const SESSION_COOKIE = 'stepflare_session'
const SESSION_LABEL = 'stepflare-session-v1'
const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60

/** The cookie value for `token`: hex HMAC-SHA-256 of a fixed label. Changing the token signs everyone out. */
export async function sessionValue(token: string): Promise<string> {
  const encoder = new TextEncoder()
  const key = await crypto.subtle.importKey('raw', encoder.encode(token), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ])
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(SESSION_LABEL))
  return [...new Uint8Array(mac)].map((byte) => byte.toString(16).padStart(2, '0')).join('')
}

export async function hasValidSession(c: Context, token: string): Promise<boolean> {
  const given = getCookie(c, SESSION_COOKIE)
  return given !== undefined && (await secretsEqual(given, await sessionValue(token)))
}

function cookieOptions(c: Context, path: string) {
  return { path, httpOnly: true, sameSite: 'Strict' as const, secure: new URL(c.req.url).protocol === 'https:' }
}

export async function startSession(c: Context, token: string, path: string): Promise<void> {
  setCookie(c, SESSION_COOKIE, await sessionValue(token), { ...cookieOptions(c, path), maxAge: SESSION_MAX_AGE_SECONDS })
}

export function endSession(c: Context, path: string): void {
  deleteCookie(c, SESSION_COOKIE, cookieOptions(c, path))
}
