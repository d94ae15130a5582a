-- Accounts found under the sandbox OUs. Rows are never deleted: leaving the OU or suspension is recorded.
CREATE TABLE accounts (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  email       TEXT NOT NULL,
  status      TEXT NOT NULL,              -- AWS status: ACTIVE, SUSPENDED, PENDING_CLOSURE
  ou_id       TEXT,
  ou_path     TEXT,
  is_sandbox  INTEGER NOT NULL DEFAULT 1, -- 0 once it is no longer under a sandbox OU (or became excluded)
  first_seen  TEXT NOT NULL,
  last_seen   TEXT NOT NULL,
  left_at     TEXT,
  access      TEXT,                       -- 'ok' | 'denied' | 'error': can the member role be assumed
  access_error TEXT,
  access_checked_at TEXT
);

-- Daily usage per account and service, in nano-units of `unit`. Keyed for idempotent upserts.
CREATE TABLE spend_daily (
  account_id  TEXT NOT NULL,
  day         TEXT NOT NULL,
  service     TEXT NOT NULL,
  amount_nano INTEGER NOT NULL,
  unit        TEXT NOT NULL,
  estimated   INTEGER NOT NULL,
  metric      TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (account_id, day, service)
) WITHOUT ROWID;
CREATE INDEX spend_daily_day ON spend_daily (day, account_id);

-- Credits and refunds are kept apart so they never hide real usage.
CREATE TABLE spend_credits (
  account_id  TEXT NOT NULL,
  day         TEXT NOT NULL,
  record_type TEXT NOT NULL,
  amount_nano INTEGER NOT NULL,
  unit        TEXT NOT NULL,
  estimated   INTEGER NOT NULL,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (account_id, day, record_type)
) WITHOUT ROWID;

CREATE TABLE forecasts (
  account_id    TEXT NOT NULL,
  month         TEXT NOT NULL,            -- YYYY-MM
  actual_nano   INTEGER NOT NULL,
  forecast_nano INTEGER NOT NULL,
  budget_nano   INTEGER NOT NULL,
  method        TEXT NOT NULL,            -- 'cost-explorer' | 'projection'
  computed_at   TEXT NOT NULL,
  PRIMARY KEY (account_id, month)
);

-- One row per threshold crossed per account-month and basis: the reason an alert is raised once, not per run.
CREATE TABLE budget_crossings (
  account_id  TEXT NOT NULL,
  month       TEXT NOT NULL,
  basis       TEXT NOT NULL CHECK (basis IN ('actual', 'forecast')),
  threshold   REAL NOT NULL,
  crossed_at  TEXT NOT NULL,
  alert_id    INTEGER,
  PRIMARY KEY (account_id, month, basis, threshold)
);

CREATE TABLE job_runs (
  id            INTEGER PRIMARY KEY,
  job           TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('running', 'ok', 'partial', 'failed', 'abandoned')),
  started_at    TEXT NOT NULL,
  finished_at   TEXT,
  api_calls     TEXT NOT NULL DEFAULT '{}',  -- JSON {"service:Operation": n}
  api_cost_nano INTEGER NOT NULL DEFAULT 0,
  report        TEXT,                        -- the full JSON report
  error         TEXT
);
CREATE INDEX job_runs_job ON job_runs (job, started_at);

CREATE TABLE job_run_errors (
  run_id     INTEGER NOT NULL REFERENCES job_runs (id) ON DELETE CASCADE,
  account_id TEXT,
  region     TEXT,
  message    TEXT NOT NULL
);
CREATE INDEX job_run_errors_run ON job_run_errors (run_id);

-- Incidents. At most one open incident per subject (e.g. 'budget:<account>:<month>').
CREATE TABLE alerts (
  id          INTEGER PRIMARY KEY,
  subject     TEXT NOT NULL,
  kind        TEXT NOT NULL,
  severity    TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  account_id  TEXT,
  resource    TEXT,
  title       TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('open', 'resolved')),
  opened_at   TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  resolved_at TEXT,
  evidence    TEXT NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX alerts_open_subject ON alerts (subject) WHERE state = 'open';
CREATE INDEX alerts_state ON alerts (state, severity);

-- Every outgoing message is stored first, then sent; the idempotency key makes enqueueing a no-op on repeat.
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  channel         TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
  recipients      TEXT NOT NULL DEFAULT '[]',
  subject         TEXT,
  text_body       TEXT,
  html_body       TEXT,
  payload         TEXT,
  state           TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'dead')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error      TEXT,
  provider_id     TEXT,
  rejected        TEXT,                      -- JSON list of recipients the server refused
  alert_id        INTEGER REFERENCES alerts (id),
  claimed_by      TEXT,                      -- 'pid@host' of the process sending it (state 'sending')
  claimed_at      TEXT,
  created_at      TEXT NOT NULL,
  sent_at         TEXT
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

-- Small facts Warden learns and keeps (management account id, backfill done, inventory refresh times).
CREATE TABLE meta (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
