import type { Db } from '../index.ts';

export interface OutboxMessage {
  idempotencyKey: string;
  channel: 'email' | 'webhook';
  recipients: string[];
  subject?: string | null;
  text?: string | null;
  html?: string | null;
  payload?: unknown;
  alertId?: number | null;
}

export interface OutboxRow extends Required<Omit<OutboxMessage, 'payload'>> {
  id: number;
  payload: unknown;
  state: 'pending' | 'sending' | 'sent' | 'dead';
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  providerId: string | null;
  rejected: string[];
  createdAt: string;
  sentAt: string | null;
}

const COLUMNS = `id, idempotency_key AS idempotencyKey, channel, recipients, subject, text_body AS text, html_body AS html, payload,
  state, attempts, next_attempt_at AS nextAttemptAt, last_error AS lastError, provider_id AS providerId, rejected,
  alert_id AS alertId, created_at AS createdAt, sent_at AS sentAt`;

function hydrate(r: unknown): OutboxRow {
  const row = r as Record<string, unknown>;
  return {
    ...(row as unknown as OutboxRow),
    recipients: JSON.parse(String(row.recipients)),
    payload: row.payload ? JSON.parse(String(row.payload)) : null,
    rejected: row.rejected ? JSON.parse(String(row.rejected)) : [],
  };
}

export function createOutboxRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO outbox (idempotency_key, channel, recipients, subject, text_body, html_body, payload, state, next_attempt_at, alert_id, created_at)
    VALUES (@idempotencyKey, @channel, @recipients, @subject, @text, @html, @payload, 'pending', @now, @alertId, @now)
    ON CONFLICT (idempotency_key) DO NOTHING`);
  const due = db.prepare(`SELECT ${COLUMNS} FROM outbox WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?`);
  const claim = db.prepare(`UPDATE outbox SET state = 'sending', attempts = attempts + 1, claimed_by = ?, claimed_at = ? WHERE id = ? AND state = 'pending'`);
  const sent = db.prepare(`UPDATE outbox SET state = 'sent', sent_at = @now, provider_id = @providerId, rejected = @rejected, last_error = NULL WHERE id = @id`);
  const failed = db.prepare(`UPDATE outbox SET state = @state, next_attempt_at = @next, last_error = @error WHERE id = @id`);
  const inFlight = db.prepare(`SELECT id, claimed_by AS claimedBy, claimed_at AS claimedAt FROM outbox WHERE state = 'sending'`);
  const release = db.prepare(`UPDATE outbox SET state = 'pending', claimed_by = NULL, claimed_at = NULL WHERE id = ? AND state = 'sending'`);
  const getOne = db.prepare(`SELECT ${COLUMNS} FROM outbox WHERE id = ?`);
  const byKey = db.prepare(`SELECT ${COLUMNS} FROM outbox WHERE idempotency_key = ?`);
  const list = db.prepare(`SELECT ${COLUMNS} FROM outbox ORDER BY id DESC LIMIT ?`);
  const backlog = db.prepare(`SELECT state, COUNT(*) AS n FROM outbox GROUP BY state`);

  return {
    /** Stores a message once per idempotency key; returns false when it was already there. */
    enqueue: (m: OutboxMessage, now: string): boolean =>
      insert.run({
        idempotencyKey: m.idempotencyKey, channel: m.channel, recipients: JSON.stringify(m.recipients), subject: m.subject ?? null,
        text: m.text ?? null, html: m.html ?? null, payload: m.payload === undefined ? null : JSON.stringify(m.payload), alertId: m.alertId ?? null, now,
      }).changes > 0,
    due: (now: string, limit = 100): OutboxRow[] => due.all(now, limit).map(hydrate),
    /** Marks a message as being sent; false when another sender took it first. */
    claim: (id: number, claimer: string, now: string): boolean => claim.run(claimer, now, id).changes > 0,
    markSent: (id: number, now: string, providerId: string | null, rejected: string[] = []): void => {
      sent.run({ id, now, providerId, rejected: JSON.stringify(rejected) });
    },
    markFailed: (id: number, error: string, next: string, dead: boolean): void => {
      failed.run({ id, state: dead ? 'dead' : 'pending', next, error });
    },
    /**
     * Messages whose sender is gone (`isGone` decides: a crashed process) go back to pending; a live process's sends are
     * left alone. Delivery is at-least-once across a crash; the Message-ID derived from the idempotency key lets mail
     * systems drop the duplicate.
     */
    releaseStale: db.transaction((isGone: (claimedBy: string | null, claimedAt: string | null) => boolean): number => {
      let n = 0;
      for (const r of inFlight.all() as Array<{ id: number; claimedBy: string | null; claimedAt: string | null }>) {
        if (isGone(r.claimedBy, r.claimedAt)) n += release.run(r.id).changes;
      }
      return n;
    }),
    get: (id: number): OutboxRow | undefined => {
      const r = getOne.get(id);
      return r ? hydrate(r) : undefined;
    },
    byKey: (key: string): OutboxRow | undefined => {
      const r = byKey.get(key);
      return r ? hydrate(r) : undefined;
    },
    list: (limit = 100): OutboxRow[] => list.all(limit).map(hydrate),
    backlog: (): Record<string, number> => Object.fromEntries((backlog.all() as Array<{ state: string; n: number }>).map((r) => [r.state, r.n])),
  };
}

export type OutboxRepo = ReturnType<typeof createOutboxRepo>;
