import { loadConfig, type Config } from '../config/load.ts';
import { systemClock, type Clock } from '../core/clock.ts';
import { createLogger, type Logger } from '../core/logger.ts';
import { openDatabase } from '../db/index.ts';
import { createRepos } from '../db/repos/index.ts';
import { createAwsLayer } from '../aws/clients.ts';
import { createMailTransport, type MailTransport } from '../notify/transport.ts';
import { createNotifier } from '../notify/notifier.ts';
import type { Deps } from '../jobs/types.ts';
import { processGone } from '../core/processes.ts';

/** A send claimed by a process on another host this long ago is taken as abandoned (sends time out far sooner). */
const STALE_SEND_MS = 10 * 60_000;
import type { CrashPoints } from '../core/crashPoints.ts';

export interface Runtime extends Deps {
  transport: MailTransport;
  close(): void;
}

export function resolveConfigPath(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag ?? env.WARDEN_CONFIG ?? './warden.config.yaml';
}

/** Builds every dependency once from the configuration: the only wiring of the whole program. */
export function bootstrap(configPath: string, env: NodeJS.ProcessEnv, opts: { clock?: Clock; logger?: Logger; crashPoints?: CrashPoints } = {}): Runtime {
  const config: Config = loadConfig(configPath, env);
  const logger = opts.logger ?? createLogger({ level: config.log.level });
  const clock = opts.clock ?? systemClock;
  const db = openDatabase(config.database.path, { busyTimeoutMs: config.database.busyTimeoutMs });
  const repos = createRepos(db);
  const now = clock.now().toISOString();
  const abandoned = repos.jobRuns.abandonRunning(now);
  // A message another live process is sending is its business; one a crashed process left mid-send is sent again.
  const released = repos.outbox.releaseStale((who, since) => processGone(who, since, clock.now(), STALE_SEND_MS));
  if (abandoned || released) logger.warn({ abandoned, released }, 'recovered state left by a stopped process');
  const aws = createAwsLayer({ config, logger, clock });
  const transport = createMailTransport(config, aws);
  const crashPoints = opts.crashPoints;
  const notifier = createNotifier({ config, repos, clock, logger, transport, crashPoints });
  return {
    config, repos, clock, aws, logger, notifier, transport, ...(crashPoints ? { crashPoints } : {}),
    close() {
      transport.close();
      aws.destroy();
      if (db.open) db.close();
    },
  };
}
