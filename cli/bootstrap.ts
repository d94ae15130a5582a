import { loadConfig, type Config } from '../config/load.ts';
import { systemClock, type Clock } from '../core/clock.ts';
import { createLogger, type Logger } from '../core/logger.ts';
import { openDatabase } from '../db/index.ts';
import { createRepos } from '../db/repos/index.ts';
import { createAwsLayer } from '../aws/clients.ts';
import { createMailTransport, type MailTransport } from '../notify/transport.ts';
import { createNotifier } from '../notify/notifier.ts';
import type { Deps } from '../jobs/types.ts';
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
  const released = repos.outbox.releaseStale();
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
