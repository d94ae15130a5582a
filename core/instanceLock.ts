import { hostname } from 'node:os';
import type { Clock } from './clock.ts';
import { WardenError } from './errors.ts';
import { pidAlive } from './processes.ts';
import type { InstanceLockRepo, LockHolder } from '../db/repos/instanceLock.ts';

/** A holder whose heartbeat is older than this is taken to be dead (it beats every STALE_MS / 3). */
export const STALE_MS = 30_000;

export class InstanceLockedError extends WardenError {}

/**
 * Refuses a second `warden serve` on the same database. A crashed holder never leaves it stuck: on the same host a
 * dead pid frees it at once; elsewhere a heartbeat older than STALE_MS does.
 */
export function acquireInstanceLock(repo: InstanceLockRepo, clock: Clock, dbPath: string) {
  const now = clock.now().toISOString();
  const me: LockHolder = { pid: process.pid, host: hostname(), startedAt: now, heartbeatAt: now };
  const isLive = (h: LockHolder) => {
    if (h.host === me.host) return pidAlive(h.pid);
    return clock.now().getTime() - Date.parse(h.heartbeatAt) < STALE_MS;
  };
  const r = repo.tryAcquire(me, isLive);
  if (!r.acquired) {
    throw new InstanceLockedError(`another warden serve is already running on database ${dbPath} (pid ${r.holder.pid} on ${r.holder.host}, started ${r.holder.startedAt}); stop it first, or point this one at another database`);
  }
  const timer = setInterval(() => repo.heartbeat(me, clock.now().toISOString()), STALE_MS / 3);
  timer.unref();
  return {
    release() {
      clearInterval(timer);
      repo.release(me);
    },
  };
}
