import type { Db } from '../index.ts';

export interface SessionRow {
  idHash: string;
  email: string;
  role: 'manager' | 'developer';
  createdAt: string;
  expiresAt: string;
  lastSeen: string;
  ip: string | null;
}

/** Login sessions (stored by the SHA-256 of their id) and the last use of each API token. */
export function createSessionsRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO sessions (id_hash, email, role, created_at, expires_at, last_seen, ip)
    VALUES (@idHash, @email, @role, @createdAt, @expiresAt, @createdAt, @ip)`);
  const getLive = db.prepare(`SELECT id_hash AS idHash, email, role, created_at AS createdAt, expires_at AS expiresAt,
    last_seen AS lastSeen, ip FROM sessions WHERE id_hash = ? AND expires_at > ?`);
  const touch = db.prepare('UPDATE sessions SET last_seen = ? WHERE id_hash = ?');
  const remove = db.prepare('DELETE FROM sessions WHERE id_hash = ?');
  const purge = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
  const tokenUse = db.prepare(`INSERT INTO api_token_uses (name, last_used, uses) VALUES (?, ?, 1)
    ON CONFLICT (name) DO UPDATE SET last_used = excluded.last_used, uses = uses + 1`);
  const tokenUses = db.prepare('SELECT name, last_used AS lastUsed, uses FROM api_token_uses ORDER BY name');

  return {
    create: (s: Omit<SessionRow, 'lastSeen'>): void => void insert.run(s),
    /** The session if it exists and has not expired at `now`. */
    live: (idHash: string, now: string): SessionRow | undefined => getLive.get(idHash, now) as SessionRow | undefined,
    touch: (idHash: string, now: string): void => void touch.run(now, idHash),
    remove: (idHash: string): boolean => remove.run(idHash).changes > 0,
    purgeExpired: (now: string): number => purge.run(now).changes,
    recordTokenUse: (name: string, now: string): void => void tokenUse.run(name, now),
    tokenUses: (): Array<{ name: string; lastUsed: string; uses: number }> => tokenUses.all() as Array<{ name: string; lastUsed: string; uses: number }>,
  };
}

export type SessionsRepo = ReturnType<typeof createSessionsRepo>;
