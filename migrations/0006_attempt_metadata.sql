-- What a step's function recorded about its attempt (attempt.setMetadata, step.run's { metadata }): JSON, per attempt.
ALTER TABLE steps ADD COLUMN attempt_metadata TEXT;
ALTER TABLE step_attempts ADD COLUMN metadata TEXT;
