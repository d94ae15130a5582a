import { hostname } from 'node:os';

/** 'pid@host' of this process: who holds a lock or is sending a message. */
export function thisProcess(): string {
  return `${process.pid}@${hostname()}`;
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the process named 'pid@host' is gone: on this host, its pid is dead; on another host (a shared volume) it is
 * taken as gone once `since` is older than `maxAgeMs`.
 */
export function processGone(who: string | null, since: string | null, now: Date, maxAgeMs: number): boolean {
  const m = who ? /^(\d+)@(.+)$/.exec(who) : null;
  if (!m) return true;
  if (m[2] === hostname()) return !pidAlive(Number(m[1]));
  return !since || now.getTime() - Date.parse(since) > maxAgeMs;
}
