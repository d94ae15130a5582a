import type { Db } from '../index.ts';

export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
  heartbeatAt: string;
}

const KEY = 'instance.serveLock';

/** The single-instance lock of `warden serve`, kept in the database it guards (so it follows the file, not the host). */
export function createInstanceLockRepo(db: Db) {
  const get = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
  const put = db.prepare(`INSERT INTO meta (key, value, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`);
  const del = db.prepare('DELETE FROM meta WHERE key = ? AND value = ?');
  const read = (): LockHolder | undefined => {
    const v = get.get(KEY) as string | undefined;
    return v ? (JSON.parse(v) as LockHolder) : undefined;
  };
  return {
    holder: read,
    /** Takes the lock unless a live holder has it; `isLive` decides. Atomic against a concurrent start. */
    tryAcquire: (me: LockHolder, isLive: (h: LockHolder) => boolean): { acquired: true } | { acquired: false; holder: LockHolder } => {
      const tx = db.transaction(() => {
        const current = read();
        if (current && !(current.pid === me.pid && current.host === me.host) && isLive(current)) return { acquired: false as const, holder: current };
        put.run(KEY, JSON.stringify(me), me.heartbeatAt);
        return { acquired: true as const };
      });
      return tx.immediate();
    },
    heartbeat: (me: LockHolder, now: string): void => {
      const current = read();
      if (current && current.pid === me.pid && current.host === me.host) put.run(KEY, JSON.stringify({ ...current, heartbeatAt: now }), now);
    },
    release: (me: LockHolder): void => {
      const current = read();
      if (current && current.pid === me.pid && current.host === me.host) del.run(KEY, JSON.stringify(current));
    },
  };
}

export type InstanceLockRepo = ReturnType<typeof createInstanceLockRepo>;
