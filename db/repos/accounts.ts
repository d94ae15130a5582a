import type { Db } from '../index.ts';

export interface AccountRow {
  id: string;
  name: string;
  email: string;
  status: string;
  ouId: string | null;
  ouPath: string | null;
  isSandbox: boolean;
  firstSeen: string;
  lastSeen: string;
  leftAt: string | null;
  access: 'ok' | 'denied' | 'error' | null;
  accessError: string | null;
  accessCheckedAt: string | null;
}

export interface SeenAccount {
  id: string;
  name: string;
  email: string;
  status: string;
  ouId: string;
  ouPath: string;
}

const COLUMNS = `id, name, email, status, ou_id AS ouId, ou_path AS ouPath, is_sandbox AS isSandbox,
  first_seen AS firstSeen, last_seen AS lastSeen, left_at AS leftAt, access, access_error AS accessError,
  access_checked_at AS accessCheckedAt`;

function toRow(r: Record<string, unknown> | undefined): AccountRow | undefined {
  return r ? ({ ...r, isSandbox: r.isSandbox === 1 } as AccountRow) : undefined;
}

export function createAccountsRepo(db: Db) {
  const upsert = db.prepare(`INSERT INTO accounts (id, name, email, status, ou_id, ou_path, is_sandbox, first_seen, last_seen, left_at)
    VALUES (@id, @name, @email, @status, @ouId, @ouPath, 1, @now, @now, NULL)
    ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email, status = excluded.status,
      ou_id = excluded.ou_id, ou_path = excluded.ou_path, is_sandbox = 1, last_seen = excluded.last_seen, left_at = NULL`);
  const markLeftStmt = db.prepare(`UPDATE accounts SET is_sandbox = 0, left_at = COALESCE(left_at, @now) WHERE id = @id AND is_sandbox = 1`);
  const allIds = db.prepare('SELECT id FROM accounts WHERE is_sandbox = 1').pluck();
  const listAll = db.prepare(`SELECT ${COLUMNS} FROM accounts ORDER BY name, id`);
  const listActive = db.prepare(`SELECT ${COLUMNS} FROM accounts WHERE is_sandbox = 1 AND status = 'ACTIVE' ORDER BY name, id`);
  const setAccess = db.prepare('UPDATE accounts SET access = ?, access_error = ?, access_checked_at = ? WHERE id = ?');
  const getOne = db.prepare(`SELECT ${COLUMNS} FROM accounts WHERE id = ?`);

  return {
    /** Records one discovery pass: upserts what was seen and marks the rest as having left, in one transaction. */
    recordDiscovery: db.transaction((seen: SeenAccount[], now: string): { added: number; left: string[] } => {
      const before = new Set(allIds.all() as string[]);
      const known = new Set((db.prepare('SELECT id FROM accounts').pluck().all() as string[]));
      let added = 0;
      for (const a of seen) {
        if (!known.has(a.id)) added++;
        upsert.run({ ...a, now });
        before.delete(a.id);
      }
      for (const id of before) markLeftStmt.run({ id, now });
      return { added, left: [...before] };
    }),
    list: (): AccountRow[] => listAll.all().map((r) => toRow(r as Record<string, unknown>)!),
    /** Sandboxes Warden works on: still under a sandbox OU and ACTIVE. */
    listActiveSandboxes: (): AccountRow[] => listActive.all().map((r) => toRow(r as Record<string, unknown>)!),
    recordAccess: (id: string, access: 'ok' | 'denied' | 'error', error: string | null, now: string): void => void setAccess.run(access, error, now, id),
    get: (id: string): AccountRow | undefined => toRow(getOne.get(id) as Record<string, unknown> | undefined),
  };
}

export type AccountsRepo = ReturnType<typeof createAccountsRepo>;
