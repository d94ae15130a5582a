-- Dashboard: login sessions, API token use, weekly report bookkeeping, and spend pre-aggregates.

-- Only the SHA-256 of the session id is stored: a leaked database does not leak live sessions.
CREATE TABLE sessions (
  id_hash     TEXT PRIMARY KEY,
  email       TEXT NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('manager', 'developer')),
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL,
  last_seen   TEXT NOT NULL,
  ip          TEXT
) WITHOUT ROWID;
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Last use of each configured API token (the tokens themselves live, hashed, in the configuration).
CREATE TABLE api_token_uses (
  name       TEXT PRIMARY KEY,
  last_used  TEXT NOT NULL,
  uses       INTEGER NOT NULL DEFAULT 0
);

-- One weekly report per ISO week: the outbox key makes sending idempotent, this row records what was sent.
CREATE TABLE report_weeks (
  iso_week    TEXT PRIMARY KEY,          -- e.g. 2026-W11
  week_start  TEXT NOT NULL,             -- Monday, YYYY-MM-DD
  outbox_key  TEXT NOT NULL,
  summary     TEXT NOT NULL,             -- JSON of the figures sent
  created_at  TEXT NOT NULL
);

-- Pre-aggregates kept exact by triggers on spend_daily, so the weekly/overview API never scans the daily rows.
-- week_start is the Monday of the ISO week: date(day, 'weekday 0', '-6 days').
CREATE TABLE spend_account_week (
  account_id  TEXT NOT NULL,
  week_start  TEXT NOT NULL,
  unit        TEXT NOT NULL,
  amount_nano INTEGER NOT NULL,
  PRIMARY KEY (week_start, account_id, unit)
) WITHOUT ROWID;

CREATE TABLE spend_service_week (
  service     TEXT NOT NULL,
  week_start  TEXT NOT NULL,
  unit        TEXT NOT NULL,
  amount_nano INTEGER NOT NULL,
  PRIMARY KEY (week_start, service, unit)
) WITHOUT ROWID;

CREATE TABLE spend_account_day (
  account_id  TEXT NOT NULL,
  day         TEXT NOT NULL,
  unit        TEXT NOT NULL,
  amount_nano INTEGER NOT NULL,
  PRIMARY KEY (account_id, day, unit)
) WITHOUT ROWID;
-- Covering (with the key columns a WITHOUT ROWID index carries) for the org-wide daily totals.
CREATE INDEX spend_account_day_day ON spend_account_day (day, unit, amount_nano);

CREATE TRIGGER spend_daily_agg_insert AFTER INSERT ON spend_daily BEGIN
  INSERT INTO spend_account_week VALUES (NEW.account_id, date(NEW.day, 'weekday 0', '-6 days'), NEW.unit, NEW.amount_nano)
    ON CONFLICT DO UPDATE SET amount_nano = amount_nano + excluded.amount_nano;
  INSERT INTO spend_service_week VALUES (NEW.service, date(NEW.day, 'weekday 0', '-6 days'), NEW.unit, NEW.amount_nano)
    ON CONFLICT DO UPDATE SET amount_nano = amount_nano + excluded.amount_nano;
  INSERT INTO spend_account_day VALUES (NEW.account_id, NEW.day, NEW.unit, NEW.amount_nano)
    ON CONFLICT DO UPDATE SET amount_nano = amount_nano + excluded.amount_nano;
END;

CREATE TRIGGER spend_daily_agg_delete AFTER DELETE ON spend_daily BEGIN
  UPDATE spend_account_week SET amount_nano = amount_nano - OLD.amount_nano
    WHERE account_id = OLD.account_id AND week_start = date(OLD.day, 'weekday 0', '-6 days') AND unit = OLD.unit;
  UPDATE spend_service_week SET amount_nano = amount_nano - OLD.amount_nano
    WHERE service = OLD.service AND week_start = date(OLD.day, 'weekday 0', '-6 days') AND unit = OLD.unit;
  UPDATE spend_account_day SET amount_nano = amount_nano - OLD.amount_nano
    WHERE account_id = OLD.account_id AND day = OLD.day AND unit = OLD.unit;
END;

-- An update is a delete of the old row plus an insert of the new one (the key or the unit may change too).
CREATE TRIGGER spend_daily_agg_update AFTER UPDATE ON spend_daily BEGIN
  UPDATE spend_account_week SET amount_nano = amount_nano - OLD.amount_nano
    WHERE account_id = OLD.account_id AND week_start = date(OLD.day, 'weekday 0', '-6 days') AND unit = OLD.unit;
  UPDATE spend_service_week SET amount_nano = amount_nano - OLD.amount_nano
    WHERE service = OLD.service AND week_start = date(OLD.day, 'weekday 0', '-6 days') AND unit = OLD.unit;
  UPDATE spend_account_day SET amount_nano = amount_nano - OLD.amount_nano
    WHERE account_id = OLD.account_id AND day = OLD.day AND unit = OLD.unit;
  INSERT INTO spend_account_week VALUES (NEW.account_id, date(NEW.day, 'weekday 0', '-6 days'), NEW.unit, NEW.amount_nano)
    ON CONFLICT DO UPDATE SET amount_nano = amount_nano + excluded.amount_nano;
  INSERT INTO spend_service_week VALUES (NEW.service, date(NEW.day, 'weekday 0', '-6 days'), NEW.unit, NEW.amount_nano)
    ON CONFLICT DO UPDATE SET amount_nano = amount_nano + excluded.amount_nano;
  INSERT INTO spend_account_day VALUES (NEW.account_id, NEW.day, NEW.unit, NEW.amount_nano)
    ON CONFLICT DO UPDATE SET amount_nano = amount_nano + excluded.amount_nano;
END;

-- Spend stored before this migration.
INSERT INTO spend_account_week SELECT account_id, date(day, 'weekday 0', '-6 days'), unit, SUM(amount_nano) FROM spend_daily GROUP BY 1, 2, 3;
INSERT INTO spend_service_week SELECT service, date(day, 'weekday 0', '-6 days'), unit, SUM(amount_nano) FROM spend_daily GROUP BY 1, 2, 3;
INSERT INTO spend_account_day SELECT account_id, day, unit, SUM(amount_nano) FROM spend_daily GROUP BY 1, 2, 3;
