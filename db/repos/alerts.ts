import type { Db } from '../index.ts';

export type Severity = 'info' | 'warning' | 'critical';

export interface AlertRow {
  id: number;
  subject: string;
  kind: string;
  severity: Severity;
  accountId: string | null;
  resource: string | null;
  title: string;
  state: 'open' | 'resolved';
  openedAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  evidence: Record<string, unknown>;
}

export interface AlertInput {
  subject: string;
  kind: string;
  severity: Severity;
  accountId?: string | null;
  resource?: string | null;
  title: string;
  evidence: Record<string, unknown>;
}

const COLUMNS = `id, subject, kind, severity, account_id AS accountId, resource, title, state, opened_at AS openedAt,
  updated_at AS updatedAt, resolved_at AS resolvedAt, evidence`;

const hydrate = (r: unknown): AlertRow => {
  const row = r as AlertRow & { evidence: string };
  return { ...row, evidence: JSON.parse(row.evidence) };
};

export function createAlertsRepo(db: Db) {
  const openBySubject = db.prepare(`SELECT ${COLUMNS} FROM alerts WHERE subject = ? AND state = 'open'`);
  const insert = db.prepare(`INSERT INTO alerts (subject, kind, severity, account_id, resource, title, state, opened_at, updated_at, evidence)
    VALUES (@subject, @kind, @severity, @accountId, @resource, @title, 'open', @now, @now, @evidence)`);
  const update = db.prepare(`UPDATE alerts SET severity = @severity, title = @title, evidence = @evidence, updated_at = @now WHERE id = @id`);
  const resolveStmt = db.prepare(`UPDATE alerts SET state = 'resolved', resolved_at = @now, updated_at = @now WHERE id = @id AND state = 'open'`);
  const getOne = db.prepare(`SELECT ${COLUMNS} FROM alerts WHERE id = ?`);
  const list = db.prepare(`SELECT ${COLUMNS} FROM alerts WHERE (@state IS NULL OR state = @state) AND (@severity IS NULL OR severity = @severity)
    AND (@accountId IS NULL OR account_id = @accountId) ORDER BY state = 'open' DESC, updated_at DESC, id DESC LIMIT @limit`);
  const countOpen = db.prepare(`SELECT severity, COUNT(*) AS n FROM alerts WHERE state = 'open' GROUP BY severity`);

  return {
    /** One open incident per subject: a new one is opened, an open one is updated. `created` tells which. */
    upsertOpen: db.transaction((a: AlertInput, now: string): { alert: AlertRow; created: boolean } => {
      const existing = openBySubject.get(a.subject);
      const evidence = JSON.stringify(a.evidence);
      if (existing) {
        const id = (existing as { id: number }).id;
        update.run({ id, severity: a.severity, title: a.title, evidence, now });
        return { alert: hydrate(getOne.get(id)), created: false };
      }
      const id = Number(insert.run({ ...a, accountId: a.accountId ?? null, resource: a.resource ?? null, evidence, now }).lastInsertRowid);
      return { alert: hydrate(getOne.get(id)), created: true };
    }),
    resolve: (id: number, now: string): boolean => resolveStmt.run({ id, now }).changes > 0,
    get: (id: number): AlertRow | undefined => {
      const r = getOne.get(id);
      return r ? hydrate(r) : undefined;
    },
    openBySubject: (subject: string): AlertRow | undefined => {
      const r = openBySubject.get(subject);
      return r ? hydrate(r) : undefined;
    },
    list: (f: { state?: string | null; severity?: string | null; accountId?: string | null; limit?: number } = {}): AlertRow[] =>
      list.all({ state: f.state ?? null, severity: f.severity ?? null, accountId: f.accountId ?? null, limit: f.limit ?? 500 }).map(hydrate),
    countOpen: (): Record<string, number> => Object.fromEntries((countOpen.all() as Array<{ severity: string; n: number }>).map((r) => [r.severity, r.n])),
  };
}

export type AlertsRepo = ReturnType<typeof createAlertsRepo>;
