-- Stepflare schema: runs, their labels, steps and logs. Append-only: change it with a new numbered file.

CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  job_name TEXT NOT NULL,
  input TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'leased', 'completed', 'failed', 'cancelled')),
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
  updated_at TEXT NOT NULL
);

-- The dashboard lists newest first, optionally by status and/or job.
CREATE INDEX runs_created ON runs (created_at DESC, id DESC);
CREATE INDEX runs_status_created ON runs (status, created_at DESC, id DESC);
CREATE INDEX runs_job_created ON runs (job_name, created_at DESC, id DESC);
-- The same idempotency key returns the existing run of that job.
CREATE UNIQUE INDEX runs_job_idempotency ON runs (job_name, idempotency_key) WHERE idempotency_key IS NOT NULL;
-- At most one pending run per job and concurrency key (a second trigger conflicts or coalesces).
CREATE UNIQUE INDEX runs_job_pending_concurrency ON runs (job_name, concurrency_key)
  WHERE status = 'pending' AND concurrency_key IS NOT NULL;
-- Retention purges terminal runs by completion time.
CREATE INDEX runs_completed ON runs (completed_at) WHERE completed_at IS NOT NULL;

CREATE TABLE run_labels (
  run_id TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (run_id, key)
);
CREATE INDEX run_labels_key_value ON run_labels (key, value, run_id);

CREATE TABLE steps (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL,
  name TEXT NOT NULL,
  "index" INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('completed', 'failed', 'cancelled')),
  output TEXT,
  error TEXT,
  started_at TEXT NOT NULL,
  completed_at TEXT
);
CREATE UNIQUE INDEX steps_run_index ON steps (run_id, "index");

CREATE TABLE logs (
  id TEXT PRIMARY KEY,
  run_id TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  step_name TEXT,
  level TEXT NOT NULL CHECK (level IN ('info', 'warn', 'error')),
  message TEXT NOT NULL,
  data TEXT,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX logs_run_sequence ON logs (run_id, sequence);
