import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { createAwsLayer } from '../../aws/clients.ts';
import { systemClock, type Clock } from '../../core/clock.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import { createMailTransport } from '../../notify/transport.ts';
import { checkCostExplorer, checkCredentials, checkMemberRole, checkOrganizations } from './aws.ts';
import { checkConfig, checkDatabase } from './local.ts';
import { checkEmail, checkWebhook } from './notify.ts';
import { skipped, type CheckId, type CheckResult, type DoctorReport } from './types.ts';

export interface DoctorOptions {
  configPath: string;
  env: NodeJS.ProcessEnv;
  clock?: Clock;
  logger?: Logger;
  credentials?: AwsCredentialIdentityProvider;
}

const ORDER: CheckId[] = ['config', 'database', 'credentials', 'organizations', 'memberRole', 'costExplorer', 'email', 'webhook'];

/**
 * Runs every check in order; a check that depends on a failed one is skipped, never failed twice.
 * It reads only: no migration, no email, no webhook post; the one paid call is a single Cost Explorer request.
 */
export async function runDoctor(opts: DoctorOptions): Promise<DoctorReport> {
  const checks: CheckResult[] = [];
  const { check, config } = checkConfig(opts.configPath, opts.env);
  checks.push(check);
  if (!config) {
    for (const id of ORDER.slice(1)) checks.push(skipped(id, 'no usable configuration'));
    return { healthy: false, configPath: opts.configPath, checks };
  }
  const clock = opts.clock ?? systemClock;
  const aws = createAwsLayer({ config, logger: opts.logger ?? silentLogger(), clock, ...(opts.credentials ? { credentials: opts.credentials } : {}) });
  const transport = createMailTransport(config, aws);
  try {
    const session = aws.session();
    checks.push(checkDatabase(config));
    const credentials = await checkCredentials(session);
    checks.push(credentials);
    if (credentials.status === 'fail') {
      for (const id of ['organizations', 'memberRole', 'costExplorer'] as const) checks.push(skipped(id, 'no working AWS credentials'));
    } else {
      const org = await checkOrganizations(session, config);
      checks.push(org.check);
      checks.push(org.sandboxes ? await checkMemberRole(session, config, org.sandboxes) : skipped('memberRole', 'the sandbox accounts could not be listed'));
      checks.push(await checkCostExplorer(session, config, clock));
    }
    checks.push(await checkEmail(config, transport, session));
    checks.push(await checkWebhook(config));
  } finally {
    transport.close();
    aws.destroy();
  }
  return { healthy: checks.every((c) => c.status !== 'fail'), configPath: config.configPath, checks };
}
