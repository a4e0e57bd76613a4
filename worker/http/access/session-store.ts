// Session rows in D1 (table `sessions`): one SQL statement per function, sent straight through the D1 binding.

export interface SessionRow {
  token_fingerprint: string
  expires_at: number
}

export interface NewSession {
  idHash: string
  tokenFingerprint: string
  createdAt: number
  expiresAt: number
}

/** How many ended sessions one sign-in deletes at most, so a sign-in never waits on a large sweep. */
export const SWEEP_LIMIT = 100

/** The statement that records a new session. */
export function insertSession(db: D1Database, session: NewSession): D1PreparedStatement {
  return db
    .prepare('INSERT INTO sessions (id_hash, token_fingerprint, created_at, expires_at) VALUES (?, ?, ?, ?)')
    .bind(session.idHash, session.tokenFingerprint, session.createdAt, session.expiresAt)
}

/**
 * The statement that deletes up to SWEEP_LIMIT sessions that can never be used again: expired at `now`, or
 * signed in with another token than the one whose fingerprint is `tokenFingerprint`.
 */
export function sweepEndedSessions(db: D1Database, now: number, tokenFingerprint: string): D1PreparedStatement {
  return db
    .prepare(
      `DELETE FROM sessions WHERE id_hash IN (
         SELECT id_hash FROM sessions WHERE expires_at <= ? OR token_fingerprint <> ? ORDER BY expires_at LIMIT ?
       )`,
    )
    .bind(now, tokenFingerprint, SWEEP_LIMIT)
}

/** The session whose id hashes to `idHash`, or null. */
export function findSession(db: D1Database, idHash: string): Promise<SessionRow | null> {
  return db
    .prepare('SELECT token_fingerprint, expires_at FROM sessions WHERE id_hash = ?')
    .bind(idHash)
    .first<SessionRow>()
}

/** Ends one session (sign-out, or found expired or from an older token). */
export async function deleteSession(db: D1Database, idHash: string): Promise<void> {
  await db.prepare('DELETE FROM sessions WHERE id_hash = ?').bind(idHash).run()
}
