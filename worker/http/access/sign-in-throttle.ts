// SignInThrottle (one Durable Object for the Worker): counts failed sign-ins per client and in all, and refuses more.
import { DurableObject } from 'cloudflare:workers'
import { CLIENT_FAILURE_LIMIT, FAILURE_WINDOW_MS, GLOBAL_FAILURE_LIMIT } from './limits'

const EVERYONE = '*'

export type SignInVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number }

interface FailureRow {
  failures: number
  window_ends_at: number
}

/**
 * The throttle keeps one row per key (`client:<address>`, and `*` for everyone) in its SQLite storage. Each method
 * runs without awaiting, so the object handles one attempt at a time: concurrent wrong tokens cannot slip past.
 */
export class SignInThrottle extends DurableObject {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env)
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS sign_in_failures (
      key TEXT PRIMARY KEY,
      failures INTEGER NOT NULL,
      window_ends_at INTEGER NOT NULL
    )`)
    ctx.storage.sql.exec('CREATE INDEX IF NOT EXISTS sign_in_failures_window ON sign_in_failures (window_ends_at)')
  }

  /**
   * Counts an attempt of `client` as failed until `succeeded` says otherwise, or refuses it (with how long to wait)
   * when `client`, or all clients together, already failed as often as the window allows.
   */
  attempt(client: string): SignInVerdict {
    const now = Date.now()
    this.forgetEndedWindows(now)
    const limits: [string, number][] = [
      [`client:${client}`, CLIENT_FAILURE_LIMIT],
      [EVERYONE, GLOBAL_FAILURE_LIMIT],
    ]
    for (const [key, limit] of limits) {
      const row = this.read(key)
      if (row && row.failures >= limit) {
        return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((row.window_ends_at - now) / 1000)) }
      }
    }
    for (const [key] of limits) this.countFailure(key, now + FAILURE_WINDOW_MS)
    return { allowed: true }
  }

  /** The attempt of `client` had the right token: its failures are forgotten and the one counted in all is returned. */
  succeeded(client: string): void {
    this.forget(`client:${client}`)
    this.uncountFailure(EVERYONE)
  }

  private read(key: string): FailureRow | undefined {
    const query = 'SELECT failures, window_ends_at FROM sign_in_failures WHERE key = ?'
    return this.ctx.storage.sql.exec<{ failures: number; window_ends_at: number }>(query, key).toArray()[0]
  }

  private countFailure(key: string, windowEndsAt: number): void {
    this.ctx.storage.sql.exec(
      `INSERT INTO sign_in_failures (key, failures, window_ends_at) VALUES (?, 1, ?)
       ON CONFLICT (key) DO UPDATE SET failures = failures + 1`,
      key,
      windowEndsAt,
    )
  }

  private uncountFailure(key: string): void {
    this.ctx.storage.sql.exec('UPDATE sign_in_failures SET failures = MAX(failures - 1, 0) WHERE key = ?', key)
  }

  private forget(key: string): void {
    this.ctx.storage.sql.exec('DELETE FROM sign_in_failures WHERE key = ?', key)
  }

  /** Rows whose window has ended: at most one per client that failed in the last window, so this stays small. */
  private forgetEndedWindows(now: number): void {
    this.ctx.storage.sql.exec('DELETE FROM sign_in_failures WHERE window_ends_at <= ?', now)
  }
}
