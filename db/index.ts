import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync, accessSync, constants } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatabaseError } from '../core/errors.ts';

export type Db = Database.Database;

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface OpenOptions {
  busyTimeoutMs?: number;
  readonly?: boolean;
}

function describeOpenError(path: string, err: unknown): DatabaseError {
  const code = (err as { code?: string }).code ?? '';
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return new DatabaseError(`Database ${path} is locked by another process (waited for the busy timeout)`, { cause: err });
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'EROFS') return new DatabaseError(`Database ${path} cannot be opened for writing (${code}): check the file and folder permissions`, { cause: err });
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return new DatabaseError(`Database ${path} is not a valid SQLite database (${code})`, { cause: err });
  return new DatabaseError(`Cannot open database ${path}: ${(err as Error).message}`, { cause: err });
}

/** Opens the database with WAL, a busy timeout and foreign keys, then applies pending migrations. */
export function openDatabase(path: string, opts: OpenOptions = {}): Db {
  let db: Db | undefined;
  try {
    if (path !== ':memory:') {
      mkdirSync(dirname(path), { recursive: true });
      if (!opts.readonly) {
        try {
          accessSync(path, constants.W_OK);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
        }
      }
    }
    db = new Database(path, { readonly: opts.readonly ?? false, timeout: opts.busyTimeoutMs ?? 5000 });
    db.pragma(`busy_timeout = ${Math.trunc(opts.busyTimeoutMs ?? 5000)}`);
    if (!opts.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    if (!opts.readonly) migrate(db);
    return db;
  } catch (err) {
    db?.close();
    if (err instanceof DatabaseError) throw err;
    throw describeOpenError(path, err);
  }
}

export function listMigrations(): Array<{ version: number; name: string; sql: string }> {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(join(MIGRATIONS_DIR, f), 'utf8') }));
}

/** Applies each pending migration in its own transaction; a failing one leaves the database at the previous version. */
export function migrate(db: Db): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const done: number[] = [];
  for (const m of listMigrations()) {
    if (applied.has(m.version)) continue;
    const apply = db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    });
    try {
      apply.immediate();
    } catch (err) {
      throw new DatabaseError(`Migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
    }
    done.push(m.version);
  }
  return done;
}

/** Wraps SQLite errors raised during normal work (locked, read-only, full disk) in a DatabaseError naming the cause. */
export function dbError(what: string, err: unknown): DatabaseError {
  const code = (err as { code?: string }).code ?? 'unknown';
  const hint =
    code === 'SQLITE_BUSY' ? 'the database is locked by another process' :
    code === 'SQLITE_READONLY' ? 'the database file is read-only' :
    code === 'SQLITE_FULL' ? 'the disk is full' : (err as Error).message;
  return new DatabaseError(`${what}: ${hint} (${code})`, { cause: err });
}
