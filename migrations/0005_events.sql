-- Events sent to waiting runs (durably.sendEvent, POST /events): what was sent and which runs it woke, for the
-- dashboard's events view. The routing itself lives in one Durable Object per event name.
CREATE TABLE events (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  payload TEXT NOT NULL,
  -- How many waits matched when it was sent, and the runs whose wait it resolved (JSON array of run ids).
  matched INTEGER NOT NULL,
  woken_runs TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX events_created ON events (created_at DESC, id DESC);
CREATE INDEX events_name_created ON events (name, created_at DESC, id DESC);
