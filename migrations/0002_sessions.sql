-- Browser sessions of the dashboard: one row per sign-in, found by a hash of the id the cookie carries.
CREATE TABLE sessions (
  -- SHA-256 (hex) of the random session id; the id itself is stored nowhere on the server.
  id_hash TEXT PRIMARY KEY,
  -- HMAC of a fixed label keyed by the API token at sign-in: a new token ends every older session.
  token_fingerprint TEXT NOT NULL,
  -- Milliseconds since the epoch.
  created_at INTEGER NOT NULL,
  -- Absolute end of the session (milliseconds since the epoch); it is not extended by use.
  expires_at INTEGER NOT NULL
);
-- Sign-in sweeps ended sessions oldest first.
CREATE INDEX sessions_expires ON sessions (expires_at);
