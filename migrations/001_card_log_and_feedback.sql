-- netcds store schema, version 1. Plain SQL that SQLite (3.35+) and PostgreSQL (12+) both run.
-- Timestamps are ISO 8601 UTC strings, so ranges compare as text in both databases.

-- Every card issued. No patient identifier in clear: at most a keyed hash (HMAC-SHA256).
CREATE TABLE card_log (
  card_uuid     TEXT PRIMARY KEY,
  rule_id       TEXT NOT NULL,
  service_id    TEXT NOT NULL,
  hook          TEXT NOT NULL,
  hook_instance TEXT NOT NULL,
  indicator     TEXT NOT NULL,
  issued_at     TEXT NOT NULL,
  patient_hash  TEXT
);
CREATE INDEX card_log_issued_at ON card_log (issued_at);
CREATE INDEX card_log_rule_id ON card_log (rule_id);

-- Every feedback entry, once (entry_hash is a digest of the entry's content).
CREATE TABLE feedback (
  entry_hash           TEXT PRIMARY KEY,
  card_uuid            TEXT NOT NULL,
  service_id           TEXT NOT NULL,
  outcome              TEXT NOT NULL CHECK (outcome IN ('accepted', 'overridden')),
  accepted_suggestions TEXT NOT NULL,
  override_system      TEXT,
  override_code        TEXT,
  override_display     TEXT,
  user_comment         TEXT,
  outcome_timestamp    TEXT NOT NULL,
  received_at          TEXT NOT NULL,
  unknown_card         INTEGER NOT NULL
);
CREATE INDEX feedback_card_uuid ON feedback (card_uuid);
