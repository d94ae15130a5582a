import { accessSync, constants, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { listMigrations, openDatabase } from './index.ts';

export type DatabaseHealth =
  | { exists: false; path: string; creatable: boolean; reason?: string }
  | { exists: true; path: string; writable: boolean; integrity: string[]; schemaVersion: number; latestVersion: number; pending: string[] };

function nearestExisting(path: string): string {
  let dir = path;
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/**
 * Inspects the database without changing it (read-only; migrations are left to `serve`/`run`): integrity check,
 * applied vs. known migrations, and whether the process could write it. A missing file is fine when its folder
 * can be created, since the first start creates it.
 */
export function inspectDatabase(path: string, busyTimeoutMs: number): DatabaseHealth {
  if (path === ':memory:') return { exists: false, path, creatable: true };
  if (!existsSync(path)) {
    const dir = nearestExisting(dirname(path));
    try {
      accessSync(dir, constants.W_OK);
      return { exists: false, path, creatable: true };
    } catch {
      return { exists: false, path, creatable: false, reason: `${dir} is not writable` };
    }
  }
  let writable = true;
  try {
    accessSync(path, constants.W_OK);
    accessSync(dirname(path), constants.W_OK); // WAL and shared-memory files live beside it
  } catch {
    writable = false;
  }
  const db = openDatabase(path, { readonly: true, busyTimeoutMs });
  try {
    const integrity = (db.pragma('integrity_check(20)') as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined;
    const applied = new Set(hasTable ? (db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]) : []);
    const known = listMigrations();
    return {
      exists: true, path, writable, integrity,
      schemaVersion: Math.max(0, ...applied),
      latestVersion: Math.max(0, ...known.map((m) => m.version)),
      pending: known.filter((m) => !applied.has(m.version)).map((m) => m.name),
    };
  } finally {
    db.close();
  }
}
