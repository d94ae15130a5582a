import type { Db } from '../index.ts';

export function createMetaRepo(db: Db) {
  const get = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
  const set = db.prepare(`INSERT INTO meta (key, value, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
  const updatedAt = db.prepare('SELECT updated_at FROM meta WHERE key = ?').pluck();
  return {
    get: (key: string): string | undefined => (get.get(key) as string | undefined) ?? undefined,
    set: (key: string, value: string, now: string): void => void set.run(key, value, now),
    updatedAt: (key: string): string | undefined => (updatedAt.get(key) as string | undefined) ?? undefined,
  };
}

export type MetaRepo = ReturnType<typeof createMetaRepo>;
