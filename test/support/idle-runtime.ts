// Builds Warden's runtime in-process for the idle/notify tests: a temp YAML config, bootstrap() with a ManualClock,
// AWS through `awsEndpoint` (the provisioned-concurrency proxy in front of moto), mail to the SMTP sink.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { bootstrap, type Runtime } from '../../cli/bootstrap.ts';
import { ManualClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';

export interface IdleRuntimeOptions {
  awsEndpoint: string;
  sandboxOu: string;
  regions: string[];
  smtpPort: number;
  publicUrl?: string;
  start: Date;
  idle?: Record<string, unknown>;
  dbPath?: string;
}

export function idleRuntime(o: IdleRuntimeOptions): { rt: Runtime; clock: ManualClock; configPath: string } {
  // The SDK clients Warden builds read the endpoint from the environment, like in production.
  process.env.AWS_ENDPOINT_URL = o.awsEndpoint;
  const dir = mkdtempSync(join(tmpdir(), 'warden-idle-'));
  const configPath = join(dir, 'warden.yaml');
  writeFileSync(configPath, stringify({
    organization: { sandboxOus: [o.sandboxOu], accountCacheMinutes: 100_000_000 },
    regions: o.regions,
    database: { path: o.dbPath ?? join(dir, 'warden.db') },
    email: { transport: 'smtp', from: 'warden@example.com', smtp: { host: '127.0.0.1', port: o.smtpPort, timeoutMs: 2000 } },
    outbox: { baseDelaySeconds: 60, maxDelaySeconds: 600 },
    server: { publicUrl: o.publicUrl ?? 'http://127.0.0.1:8080' },
    aws: { maxAttempts: 1, concurrency: 4 },
    idle: o.idle ?? {},
    log: { level: 'silent' },
  }));
  const clock = new ManualClock(o.start);
  const rt = bootstrap(configPath, { ...process.env }, { clock, logger: silentLogger() });
  return { rt, clock, configPath };
}
