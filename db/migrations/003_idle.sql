-- Resources the idle job inventoried. Never deleted: a resource no longer seen gets gone_at.
-- state/state_since record since when Warden has seen the resource in its current state (e.g. a volume unattached).
CREATE TABLE idle_resources (
  arn           TEXT PRIMARY KEY,
  account_id    TEXT NOT NULL,
  region        TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  resource_id   TEXT NOT NULL,
  name          TEXT,
  state         TEXT NOT NULL,
  state_since   TEXT NOT NULL,
  tags          TEXT NOT NULL DEFAULT '{}',
  details       TEXT NOT NULL DEFAULT '{}',
  first_seen    TEXT NOT NULL,
  last_seen     TEXT NOT NULL,
  gone_at       TEXT
);
CREATE INDEX idle_resources_target ON idle_resources (account_id, region, resource_type);

-- One row per (resource, check) episode: open while the check keeps finding it, closed by itself when it stops.
CREATE TABLE idle_findings (
  id             INTEGER PRIMARY KEY,
  arn            TEXT NOT NULL,
  check_id       TEXT NOT NULL,
  account_id     TEXT NOT NULL,
  region         TEXT NOT NULL,
  resource_type  TEXT NOT NULL,
  resource_id    TEXT NOT NULL,
  resource_name  TEXT,
  owners         TEXT NOT NULL DEFAULT '[]',  -- JSON list of lower-case emails
  owner_rule     TEXT NOT NULL CHECK (owner_rule IN ('tag', 'account-email', 'fallback', 'none')),
  owner_note     TEXT NOT NULL DEFAULT '',
  monthly_nano   INTEGER NOT NULL,
  estimate       INTEGER NOT NULL DEFAULT 0,
  cost_basis     TEXT NOT NULL DEFAULT '',
  reason         TEXT NOT NULL,
  evidence       TEXT NOT NULL DEFAULT '{}',
  command        TEXT NOT NULL,
  state          TEXT NOT NULL CHECK (state IN ('open', 'closed')),
  first_seen     TEXT NOT NULL,
  last_seen      TEXT NOT NULL,
  closed_at      TEXT,
  snoozed_until  TEXT,
  snoozed_by     TEXT,
  last_notified_at TEXT
);
CREATE UNIQUE INDEX idle_findings_open ON idle_findings (arn, check_id) WHERE state = 'open';
CREATE INDEX idle_findings_target ON idle_findings (account_id, region, state);

-- Every snooze, from a link or the dashboard: who, when, until when.
CREATE TABLE idle_snoozes (
  id         INTEGER PRIMARY KEY,
  finding_id INTEGER NOT NULL REFERENCES idle_findings (id),
  actor      TEXT NOT NULL,
  until      TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- Digests queued: the idempotency key, to whom, which findings.
CREATE TABLE idle_digests (
  idempotency_key TEXT PRIMARY KEY,
  recipient       TEXT NOT NULL,
  finding_ids     TEXT NOT NULL,
  total_nano      INTEGER NOT NULL,
  created_at      TEXT NOT NULL
);
