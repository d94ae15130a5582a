/**
 * Named moments where a crash leaves state that recovery must settle. The code calls `crashPoints?.reach(name)` at
 * each; by default nothing happens (no CrashPoints is injected: `Deps.crashPoints` is undefined in production).
 *
 * Test use only: a test injects `crashAt({ point, nth })` through `main(argv, env, { crashPoints })` or
 * `bootstrap(path, env, { crashPoints })` (see test/support/crashing-warden.ts), and the process then SIGKILLs itself
 * the nth time it reaches that point, exactly as `kill -9` would: no finally blocks, no flush, no clean close.
 * Nothing reads the environment or the configuration for this.
 */
export const CRASH_POINTS = [
  'runaway:after-intent', // intent row stored (pending), nothing sent to AWS yet
  'runaway:after-tags', // Warden's tags written, PutFunctionConcurrency(0) not sent
  'runaway:after-put', // PutFunctionConcurrency(0) answered, the row not yet confirmed
  'runaway:after-confirm', // row throttled, incident not raised yet
  'restore:after-start', // row restoring, nothing sent to AWS yet
  'restore:after-put', // previous concurrency put back, tags not yet removed, row not finished
  'restore:in-record', // inside the transaction that finishes the row and closes the incident
  'idle:after-observe', // resources stored for one account-region, findings not yet synced
  'notify:after-enqueue', // a digest queued with its findings marked, not yet sent
  'outbox:after-claim', // message claimed (sending), not yet handed to the transport
  'outbox:after-send', // the mail server accepted the message, not yet marked sent
] as const;

export type CrashPoint = (typeof CRASH_POINTS)[number];

export interface CrashPoints {
  reach(point: CrashPoint): void;
}

/** SIGKILLs this process the `nth` time (1 = first) `point` is reached. `kill` is replaceable for unit tests. */
export function crashAt(o: { point: CrashPoint; nth?: number }, kill: () => void = () => process.kill(process.pid, 'SIGKILL')): CrashPoints {
  const nth = o.nth ?? 1;
  let seen = 0;
  return {
    reach(point) {
      if (point === o.point && ++seen === nth) kill();
    },
  };
}

export function isCrashPoint(s: string): s is CrashPoint {
  return (CRASH_POINTS as readonly string[]).includes(s);
}
