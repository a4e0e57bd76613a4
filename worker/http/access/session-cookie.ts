// The browser session: a random id in an HttpOnly cookie, and a D1 row (keyed by the id's hash) that ends it.
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { type AccessEnv, sessionDb } from './access-env'
import { SESSION_LIFETIME_SECONDS } from './limits'
import { deleteSession, findSession, insertSession, sweepEndedSessions } from './session-store'

export const SESSION_COOKIE = 'stepflare_session'
const FINGERPRINT_LABEL = 'stepflare-session-token-v2'
/** A session id: 32 random bytes in hex. Any other cookie value is refused without a database read. */
const SESSION_ID = /^[0-9a-f]{64}$/

const encoder = new TextEncoder()

function toHex(bytes: ArrayBuffer | Uint8Array): string {
  return [...new Uint8Array(bytes)].map((byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** What the server stores of a session id: its SHA-256, so a copy of the table opens no session. */
async function idHash(id: string): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', encoder.encode(id)))
}

/** Names the API token without revealing it: HMAC-SHA-256 of a fixed label keyed by the token. */
async function tokenFingerprint(token: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(token), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ])
  return toHex(await crypto.subtle.sign('HMAC', key, encoder.encode(FINGERPRINT_LABEL)))
}

/** The session id the request's cookie carries, when it has the shape of one. */
function cookieSessionId(c: Context): string | undefined {
  const id = getCookie(c, SESSION_COOKIE)
  return id !== undefined && SESSION_ID.test(id) ? id : undefined
}

/**
 * Whether the request's cookie names a live session: one that exists, has not expired and was opened with the
 * current `token`. A session found expired or opened with an older token is deleted on the way.
 */
export async function hasValidSession(c: Context, env: AccessEnv, token: string): Promise<boolean> {
  const id = cookieSessionId(c)
  if (!id) return false
  const db = sessionDb(env)
  const hash = await idHash(id)
  const row = await findSession(db, hash)
  if (!row) return false
  if (row.expires_at > Date.now() && row.token_fingerprint === (await tokenFingerprint(token))) return true
  await deleteSession(db, hash)
  return false
}

function cookieOptions(c: Context, path: string) {
  return { path, httpOnly: true, sameSite: 'Strict' as const, secure: new URL(c.req.url).protocol === 'https:' }
}

/** Opens a session for the holder of `token` and sets its cookie; ended sessions are swept in the same batch. */
export async function startSession(c: Context, env: AccessEnv, token: string, path: string): Promise<void> {
  const db = sessionDb(env)
  const id = toHex(crypto.getRandomValues(new Uint8Array(32)))
  const now = Date.now()
  const fingerprint = await tokenFingerprint(token)
  const expiresAt = now + SESSION_LIFETIME_SECONDS * 1000
  const session = { idHash: await idHash(id), tokenFingerprint: fingerprint, createdAt: now, expiresAt }
  await db.batch([insertSession(db, session), sweepEndedSessions(db, now, fingerprint)])
  setCookie(c, SESSION_COOKIE, id, { ...cookieOptions(c, path), maxAge: SESSION_LIFETIME_SECONDS })
}

/** Signs out: the cookie's session ends on the server (its id is useless from now on) and the cookie is cleared. */
export async function endSession(c: Context, env: AccessEnv, path: string): Promise<void> {
  const id = cookieSessionId(c)
  if (id) await deleteSession(sessionDb(env), await idHash(id))
  deleteCookie(c, SESSION_COOKIE, cookieOptions(c, path))
}
