-- Durable time: runs may wait (a sleep, a retry's backoff) and start later (a delayed run); failed attempts of a step
-- are kept. SQLite cannot change a CHECK constraint in place, so the runs table is rebuilt with the new status.

CREATE TABLE runs_next (
  id TEXT PRIMARY KEY,
  job_name TEXT NOT NULL,
  input TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'leased', 'waiting', 'completed', 'failed', 'cancelled')),
  idempotency_key TEXT,
  concurrency_key TEXT,
  current_step_index INTEGER NOT NULL DEFAULT 0,
  completed_step_count INTEGER NOT NULL DEFAULT 0,
  progress TEXT,
  output TEXT,
  error TEXT,
  labels TEXT NOT NULL DEFAULT '{}',
  lease_owner TEXT,
  lease_expires_at TEXT,
  lease_generation INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  last_sequence INTEGER NOT NULL DEFAULT 0,
  started_at TEXT,
  completed_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  -- When a waiting run resumes by itself, or a delayed pending run starts (ISO 8601); null otherwise.
  wake_at TEXT,
  -- What a waiting or delayed run waits for (JSON: kind, step, attempt); null otherwise.
  waiting_for TEXT
);

INSERT INTO runs_next (id, job_name, input, status, idempotency_key, concurrency_key, current_step_index,
  completed_step_count, progress, output, error, labels, lease_owner, lease_expires_at, lease_generation, attempts,
  last_sequence, started_at, completed_at, created_at, updated_at)
SELECT id, job_name, input, status, idempotency_key, concurrency_key, current_step_index, completed_step_count,
  progress, output, error, labels, lease_owner, lease_expires_at, lease_generation, attempts, last_sequence,
  started_at, completed_at, created_at, updated_at
FROM runs;

DROP TABLE runs;
ALTER TABLE runs_next RENAME TO runs;

CREATE INDEX runs_created ON runs (created_at DESC, id DESC);
CREATE INDEX runs_status_created ON runs (status, created_at DESC, id DESC);
CREATE INDEX runs_job_created ON runs (job_name, created_at DESC, id DESC);
CREATE UNIQUE INDEX runs_job_idempotency ON runs (job_name, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE UNIQUE INDEX runs_job_pending_concurrency ON runs (job_name, concurrency_key)
  WHERE status = 'pending' AND concurrency_key IS NOT NULL;
CREATE INDEX runs_completed ON runs (completed_at) WHERE completed_at IS NOT NULL;

-- Every attempt of a step that did not complete (failed, timed out, or cut off by a restart). A step's completed
-- attempt is its row in steps, so a step that succeeds first time writes nothing here.
CREATE TABLE step_attempts (
  run_id TEXT NOT NULL,
  step_index INTEGER NOT NULL,
  attempt INTEGER NOT NULL,
  step_name TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('failed', 'timed_out', 'interrupted')),
  error TEXT,
  stack TEXT,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  PRIMARY KEY (run_id, step_index, attempt)
);
