-- Runaway detection (issue 3): function inventory cache, per-minute samples, and kill-switch actions.

-- Lambda functions of the sandboxes, refreshed every runaway.inventoryRefreshMinutes. Deleted functions keep their row.
CREATE TABLE runaway_functions (
  arn                TEXT PRIMARY KEY,
  account_id         TEXT NOT NULL,
  region             TEXT NOT NULL,
  name               TEXT NOT NULL,
  memory_mb          INTEGER NOT NULL,
  architecture       TEXT NOT NULL,
  tags               TEXT NOT NULL DEFAULT '{}',   -- JSON {key: value}
  sources            TEXT NOT NULL DEFAULT '[]',   -- JSON [{arn, via}]: event source mappings and invoke permissions
  refs               TEXT NOT NULL DEFAULT '[]',   -- JSON [{where, value}]: environment, destinations, dead-letter config
  seen_at            TEXT NOT NULL,
  deleted_at         TEXT,
  burn_nano_per_hour INTEGER,                      -- live burn estimate (nano-USD per hour) of the last sweep that read it
  burn_at            TEXT,
  cooldown_until     TEXT
);
CREATE INDEX runaway_functions_target ON runaway_functions (account_id, region);

CREATE TABLE runaway_inventory (
  account_id   TEXT NOT NULL,
  region       TEXT NOT NULL,
  refreshed_at TEXT NOT NULL,
  functions    INTEGER NOT NULL,
  PRIMARY KEY (account_id, region)
);

-- One minute of CloudWatch per function (or 'account:<id>:<region>' for the account-level series). Only points AWS gave.
CREATE TABLE runaway_samples (
  series            TEXT NOT NULL,
  at                TEXT NOT NULL,   -- ISO minute start
  invocations       REAL,
  errors            REAL,
  throttles         REAL,
  duration_avg      REAL,
  concurrency       REAL,
  recursive_dropped REAL,
  PRIMARY KEY (series, at)
) WITHOUT ROWID;
CREATE INDEX runaway_samples_at ON runaway_samples (at);

-- Kill-switch actions. The intent is written before PutFunctionConcurrency and confirmed after, so a crash in between
-- is reconciled at the start of the next sweep. previous_concurrency NULL = the function had no reservation.
CREATE TABLE runaway_throttles (
  id                   INTEGER PRIMARY KEY,
  function_arn         TEXT NOT NULL,
  account_id           TEXT NOT NULL,
  region               TEXT NOT NULL,
  state                TEXT NOT NULL CHECK (state IN ('pending', 'throttled', 'restoring', 'restored', 'abandoned', 'failed', 'gone')),
  previous_concurrency INTEGER,
  detector             TEXT NOT NULL,
  reason               TEXT NOT NULL,
  burn_nano_per_hour   INTEGER NOT NULL DEFAULT 0,
  evidence             TEXT NOT NULL DEFAULT '{}',
  alert_id             INTEGER REFERENCES alerts (id),
  run_id               INTEGER,
  actor                TEXT NOT NULL DEFAULT 'warden',
  created_at           TEXT NOT NULL,
  confirmed_at         TEXT,
  restored_at          TEXT,
  restored_by          TEXT,
  restore_reason       TEXT,
  note                 TEXT
);
CREATE UNIQUE INDEX runaway_throttles_active ON runaway_throttles (function_arn) WHERE state IN ('pending', 'throttled', 'restoring');
CREATE INDEX runaway_throttles_state ON runaway_throttles (state, created_at);
