// Crash-test support: Warden as a subprocess that SIGKILLs itself at a named crash point (core/crashPoints.ts), a
// daemon handle, read-only database checks and mail counting on the SMTP sink.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { CrashPoint } from '../../core/crashPoints.ts';
import type { SinkMessage } from './smtp-sink.ts';

const BIN = fileURLToPath(new URL('../../bin/warden.js', import.meta.url));
const CRASHING_BIN = fileURLToPath(new URL('./crashing-warden.mjs', import.meta.url));

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface WardenProcess {
  child: ChildProcess;
  exited: Promise<Exit>;
}

/** Starts `warden <args>`; with `crash`, it kills itself with SIGKILL the nth time it reaches the point. */
export function startWarden(args: string[], env: Record<string, string>, crash?: { point: CrashPoint; nth?: number }): WardenProcess {
  const argv = crash ? [CRASHING_BIN, crash.point, String(crash.nth ?? 1), ...args] : [BIN, ...args];
  const child = spawn(process.execPath, argv, { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<Exit>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, exited };
}

/** Runs warden to the crash point and checks that it died there (SIGKILL), not earlier or cleanly. */
export async function crashAtPoint(args: string[], env: Record<string, string>, point: CrashPoint, nth = 1): Promise<Exit> {
  const p = startWarden(args, env, { point, nth });
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 60_000);
  const exit = await p.exited;
  clearTimeout(timer);
  if (exit.signal !== 'SIGKILL') throw new Error(`warden ${args.join(' ')} did not reach ${point} #${nth} (exit ${exit.code}):\n${exit.stderr.slice(-3000)}`);
  return exit;
}

/** Runs warden to completion; throws with its stderr unless it exits 0. */
export async function runToEnd(args: string[], env: Record<string, string>): Promise<Exit> {
  const exit = await startWarden(args, env).exited;
  if (exit.code !== 0) throw new Error(`warden ${args.join(' ')} exited ${exit.code ?? exit.signal}:\n${exit.stderr.slice(-3000)}`);
  return exit;
}

/** Reads the database the way an operator would after a crash: read-only, from another process's point of view. */
export function readDb<T>(path: string, read: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

export const integrity = (path: string): string => readDb(path, (db) => String(db.pragma('integrity_check', { simple: true })));

/** Polls `check` (a read of the database, say) until it returns true; fails after timeoutMs, saying what `seen` sees. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 30_000, seen: () => unknown = () => ''): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(seen())}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Messages the sink accepted, grouped by Message-ID. */
export function byMessageId(messages: SinkMessage[]): Map<string, SinkMessage[]> {
  const out = new Map<string, SinkMessage[]>();
  for (const m of messages) out.set(m.messageId, [...(out.get(m.messageId) ?? []), m]);
  return out;
}
