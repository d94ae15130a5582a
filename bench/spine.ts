// Scale benchmark of the spine against the emulator: discover and spend for simulated organizations of N accounts.
// Prints wall time, API calls per account, paid API $ per day at the default schedules, peak RSS of the Warden
// process and the database size.  Run: npx tsx bench/spine.ts [N ...]   (default: 1000 5000)
import { statSync } from 'node:fs';
import { startMoto, awsEnv } from '../test/support/moto.ts';
import { buildOrganization, seedSpendWindow, simulateSpend, type OrgSpec } from '../test/support/org-simulator.ts';
import { writeConfig } from '../test/support/warden.ts';
import { addDays, utcDay } from '../core/clock.ts';
import { timedCli } from './timed.ts';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const SPEND_RUNS_PER_DAY = 4; // default schedules.spend: every 6 hours
const DISCOVER_RUNS_PER_DAY = 24;

function spec(n: number): OrgSpec {
  const teams = Array.from({ length: 10 }, (_, t) => ({
    name: `Team${t}`,
    accounts: Array.from({ length: Math.ceil(n / 10) }, (_, i) => ({ name: `sandbox-dev-${t}-${i}`, email: `dev${t}.${i}@example.com` })).slice(0, Math.max(0, n - t * Math.ceil(n / 10))),
  }));
  return { sandboxOuPath: 'Root/Sandboxes', ous: [{ name: 'Sandboxes', children: teams }] };
}

const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);

async function benchOne(n: number) {
  const moto = await startMoto();
  try {
    const t0 = performance.now();
    const org = await buildOrganization(moto.endpoint, spec(n));
    const buildMs = performance.now() - t0;
    const today = utcDay(new Date());
    const days = n > 2000 ? 14 : 91; // the emulator holds canned pages in memory: 5,000 × 91 days is too large for it
    const records = simulateSpend(org, { today, days, seed: 1 });
    await seedSpendWindow(moto, records, { start: addDays(today, -days), end: today });
    const { path, dir } = writeConfig({ organization: { sandboxOus: [org.sandboxOuId] }, regions: ['us-east-1', 'eu-west-1'], spend: { backfillDays: days, windowDays: Math.min(14, days) }, log: { level: 'warn' } });
    const env = awsEnv(moto.endpoint);
    const discover = await timedCli(['--config', path, 'run', 'discover', '--json'], env);
    const spend = await timedCli(['--config', path, 'run', 'spend', '--json'], env);
    const dbMb = statSync(`${dir}/warden.db`).size / 1048576;
    const dCalls = discover.report.apiCalls as Record<string, number>;
    const sCalls = spend.report.apiCalls as Record<string, number>;
    const ce = Number(spend.report.ceRequests);
    const rollingPages = Math.ceil(14 / 7) * 2 * Math.max(1, Math.ceil(n / 1000)); // pages grow with groups, not requests per account
    return {
      accounts: n, buildOrgS: (buildMs / 1000).toFixed(1), spendDays: days,
      discoverS: (discover.ms / 1000).toFixed(1), discoverCallsPerAccount: (sum(dCalls) / n).toFixed(2),
      spendS: (spend.ms / 1000).toFixed(1), spendCeRequests: ce, spendCallsPerAccount: (sum(sCalls) / n).toFixed(3),
      paidUsdPerDay: (rollingPages * SPEND_RUNS_PER_DAY * 0.01).toFixed(2),
      discoverRunsPerDay: DISCOVER_RUNS_PER_DAY,
      peakRssMb: Math.max(discover.rssMb, spend.rssMb).toFixed(0), dbMb: dbMb.toFixed(1),
      dbMbPer13WeeksEstimate: ((dbMb * 91) / days).toFixed(1),
    };
  } finally {
    await moto.stop();
  }
}

const rows = [];
for (const n of sizes.length ? sizes : [1000, 5000]) {
  const r = await benchOne(n);
  rows.push(r);
  console.log(JSON.stringify(r));
}
console.table(rows);
