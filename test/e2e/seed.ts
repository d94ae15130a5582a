// The dashboard's test scenario: the default organization in moto (plus one account whose name is an injection
// string), 91 days of simulated spend seeded into Cost Explorer, the real discover and spend jobs run in-process,
// and a config with a manager, a developer and two API tokens. Used by the API tests and the browser tests.
import { addDays, ManualClock } from '../../core/clock.ts';
import { getJob } from '../../jobs/index.ts';
import { runJob } from '../../jobs/runner.ts';
import { hashPassword, newApiToken } from '../../server/auth/password.ts';
import type { Runtime } from '../../cli/bootstrap.ts';
import { startMoto, type Moto } from '../support/moto.ts';
import { buildOrganization, DEFAULT_ORG_SPEC, seedSpendWindow, simulateSpend, type OrgSpec, type SimAccount, type SimOrg, type SpendRecord } from '../support/org-simulator.ts';
import { inProcess, useEmulator, writeConfig } from '../support/warden.ts';

export const TODAY = '2026-03-18'; // a Wednesday: two days of the current week, then complete weeks
export const DAYS = 91;
export const SEED = 5;
export const EVIL_NAME = `<img src=x onerror="window.__pwned=1">'; DROP TABLE accounts; --`;
export const MANAGER = { email: 'manager@example.com', password: 'manager-password-1' };
export const DEVELOPER = { email: 'ana.silva@example.com', password: 'developer-password-1' };

/** The default organization plus an account named with script and SQL injection strings. */
export function orgSpec(): OrgSpec {
  const spec = structuredClone(DEFAULT_ORG_SPEC);
  spec.ous[0]!.accounts!.push({ name: EVIL_NAME, email: 'mallory@example.com' });
  return spec;
}

export interface Scenario {
  moto: Moto;
  org: SimOrg;
  records: SpendRecord[];
  rt: Runtime;
  clock: ManualClock;
  /** Sandbox accounts Warden governs (the excluded one and production left out). */
  sandboxes: SimAccount[];
  developerAccount: SimAccount;
  tokens: { read: string; write: string };
  configPath: string;
  stop(): Promise<void>;
}

export async function seedScenario(opts: { auth?: Record<string, unknown>; today?: string; config?: Record<string, unknown> } = {}): Promise<Scenario> {
  const today = opts.today ?? TODAY;
  const moto = await startMoto();
  useEmulator(moto.endpoint);
  const org = await buildOrganization(moto.endpoint, orgSpec());
  const records = simulateSpend(org, { today, days: DAYS, seed: SEED });
  await seedSpendWindow(moto, records, { start: addDays(today, -DAYS), end: today, accounts: org.accounts });
  const read = newApiToken();
  const write = newApiToken();
  const { path } = writeConfig({
    organization: { sandboxOus: [org.sandboxOuId], excludeAccounts: org.accounts.filter((a) => a.excluded).map((a) => a.id) },
    spend: { backfillDays: DAYS },
    alerts: { managers: [MANAGER.email] },
    server: { publicUrl: 'http://127.0.0.1:8080' },
    auth: {
      users: [
        { email: MANAGER.email, role: 'manager', passwordHash: await hashPassword(MANAGER.password) },
        { email: DEVELOPER.email, role: 'developer', passwordHash: await hashPassword(DEVELOPER.password) },
      ],
      tokens: [{ name: 'ci-read', hash: read.hash }, { name: 'ops-write', hash: write.hash, scope: 'write' }],
      ...opts.auth,
    },
    ...opts.config,
  });
  const clock = new ManualClock(`${today}T09:00:00Z`);
  const rt = inProcess(path, { clock });
  for (const id of ['discover', 'spend']) {
    const report = await runJob(getJob(id), rt);
    if (report.status === 'failed') throw new Error(`${id} failed: ${report.error}`);
  }
  const sandboxes = org.accounts.filter((a) => a.kind === 'sandbox' && !a.excluded);
  const developerAccount = org.accounts.find((a) => a.email === DEVELOPER.email)!;
  return {
    moto, org, records, rt, clock, sandboxes, developerAccount, tokens: { read: read.token, write: write.token }, configPath: path,
    async stop() {
      rt.close();
      await moto.stop();
    },
  };
}
