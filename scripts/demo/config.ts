// The demo's Warden configuration: accelerated schedules (node-cron takes a seconds field), a local mailbox, a demo
// manager and developer login, and a read-only API token.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { hashPassword, newApiToken } from '../../server/auth/password.ts';
import type { SimOrg } from '../../test/support/org-simulator.ts';

export const DEMO_MANAGER = 'manager@demo.example.com';
export const DEMO_PASSWORD = 'warden-demo';

export async function demoConfig(o: { out: string; org: SimOrg; smtp: string; port: number; fast: boolean; base?: string }): Promise<{ path: string; token: string; developer: string }> {
  const [host, smtpPort] = o.smtp.split(':') as [string, string];
  const developer = o.org.accounts.find((a) => a.spendProfile === 'growing')?.email ?? o.org.accounts.find((a) => a.kind === 'sandbox')!.email;
  const hash = await hashPassword(DEMO_PASSWORD);
  const { token, hash: tokenHash } = newApiToken();
  const base = o.base ? (parse(o.base.replaceAll('ou-demo-sandboxes', o.org.sandboxOuId)) as Record<string, unknown>) : {};
  const config = {
    ...base,
    organization: { sandboxOus: [o.org.sandboxOuId], excludeAccounts: o.org.accounts.filter((a) => a.excluded).map((a) => a.id), accountCacheMinutes: 5 },
    regions: ['us-east-1'],
    database: { path: (base.database as { path?: string } | undefined)?.path ?? join(o.out, 'warden.db') },
    schedules: {
      discover: '0 */5 * * * *', spend: '15 */2 * * * *', outbox: '*/10 * * * * *',
      runaway: o.fast ? '*/5 * * * * *' : '*/15 * * * * *', idle: '45 * * * * *', notify: '20 */2 * * * *', report: '0 */10 * * * *',
    },
    budgets: { defaultMonthlyUsd: 400, thresholds: [50, 80, 100] },
    alerts: { managers: [DEMO_MANAGER] },
    email: { transport: 'smtp', from: 'warden@demo.example.com', smtp: { host, port: Number(smtpPort) } },
    server: { host: (base.server as { host?: string } | undefined)?.host ?? '127.0.0.1', port: o.port, publicUrl: `http://127.0.0.1:${o.port || 8080}`, secret: { env: 'WARDEN_DEMO_SECRET' } },
    auth: {
      users: [{ email: DEMO_MANAGER, role: 'manager', passwordHash: hash }, { email: developer, role: 'developer', passwordHash: hash }],
      tokens: [{ name: 'demo', hash: tokenHash, scope: 'read' }],
    },
    log: { level: 'info' },
  };
  const path = join(o.out, 'warden.demo.yaml');
  writeFileSync(path, `# Written by npm run demo; not for production.\n${stringify(config)}`);
  return { path, token, developer };
}
