import type { Config } from '../config/load.ts';
import type { JobId } from '../config/schema.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { Repos } from '../db/repos/index.ts';
import type { AwsLayer, AwsSession } from '../aws/clients.ts';
import type { Notifier } from '../notify/notifier.ts';
import type { CrashPoints } from '../core/crashPoints.ts';

/** What every job and the server receive: passed in, never imported as singletons. */
export interface Deps {
  config: Config;
  repos: Repos;
  clock: Clock;
  aws: AwsLayer;
  logger: Logger;
  notifier: Notifier;
  /** Test-only crash injection (core/crashPoints.ts); undefined in production. */
  crashPoints?: CrashPoints;
}

/** Progress across accounts, shown on a TTY by `warden run`; a no-op elsewhere. */
export interface Progress {
  start(total: number, label: string): void;
  tick(detail?: string): void;
  done(): void;
}

export const noProgress: Progress = { start: () => undefined, tick: () => undefined, done: () => undefined };

export interface JobContext extends Deps {
  job: JobId;
  runId: number;
  session: AwsSession;
  log: Logger;
  progress: Progress;
  /** Records a failure against one account (and region); the run goes on and ends 'partial'. */
  recordError(accountId: string | null, region: string | null, message: string): void;
}

export interface Job {
  id: JobId;
  description: string;
  /** Returns the job's own report fields, merged into the run report (`--json`). */
  run(ctx: JobContext): Promise<Record<string, unknown>>;
}
