import { describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { listMigrations, openDatabase } from '../../db/index.ts';
import { createRepos } from '../../db/repos/index.ts';
import { DatabaseError } from '../../core/errors.ts';

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'warden-db-')), 'warden.db');

describe('database', () => {
  it('applies every migration once, with WAL and foreign keys', () => {
    const path = tempDb();
    const db = openDatabase(path);
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    expect(versions).toEqual(listMigrations().map((m) => m.version));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
    const again = openDatabase(path);
    expect(again.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(versions.length);
    again.close();
  });

  it('says the database is locked when another process holds the write lock past the timeout', () => {
    const path = tempDb();
    openDatabase(path).close();
    const holder = new Database(path);
    holder.exec('BEGIN IMMEDIATE');
    const db = openDatabase(path, { busyTimeoutMs: 50 });
    const repos = createRepos(db);
    let caught: unknown;
    try {
      repos.jobRuns.start('spend', new Date().toISOString());
    } catch (err) {
      caught = err;
    }
    expect((caught as { code?: string }).code).toBe('SQLITE_BUSY');
    holder.exec('ROLLBACK');
    expect(repos.jobRuns.start('spend', new Date().toISOString())).toBeGreaterThan(0);
    holder.close();
    db.close();
  });

  it('names a read-only database file', () => {
    if (process.getuid?.() === 0) {
      // root ignores file modes; a read-only open is the same failure seen from SQLite's side
      const path = tempDb();
      openDatabase(path).close();
      const ro = openDatabase(path, { readonly: true });
      expect(() => ro.prepare("INSERT INTO meta (key, value, updated_at) VALUES ('a','b','c')").run()).toThrow(/readonly/i);
      ro.close();
      return;
    }
    const path = tempDb();
    writeFileSync(path, '');
    chmodSync(path, 0o444);
    expect(() => openDatabase(path)).toThrow(DatabaseError);
  });

  it('names a file that is not a database', () => {
    const path = tempDb();
    writeFileSync(path, 'this is not sqlite, just text that is long enough to be read as a header by sqlite itself');
    expect(() => openDatabase(path)).toThrow(/not a valid SQLite database|cannot be opened|Cannot open/);
  });
});
