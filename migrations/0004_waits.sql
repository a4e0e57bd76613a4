-- Durable waits: an address a run waits on for a signal from outside (or its deadline). The run's shard holds each
-- wait first and copies it here, so it can be read after the run's journal is gone.
CREATE TABLE waits (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL,
  name TEXT NOT NULL,
  metadata TEXT,
  -- pending → resolved (a signal or the deadline); cancelled or closed when the run ended while it was pending.
  status TEXT NOT NULL CHECK (status IN ('pending', 'resolved', 'cancelled', 'closed')),
  payload TEXT,
  signal_id TEXT,
  outcome TEXT CHECK (outcome IN ('signal', 'timeout')),
  created_at TEXT NOT NULL,
  deadline_at TEXT,
  suspended_at TEXT,
  resolved_at TEXT,
  first_resumed_at TEXT
);
CREATE UNIQUE INDEX waits_run_name ON waits (run_id, name);
