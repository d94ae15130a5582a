// Scale benchmark against the emulator: simulated organizations of N accounts x 2 regions (default 1000 and 5000), with
// F Lambda functions per account-region (5 below 2,000 accounts, 2 above: the emulator creates ~200 a second).
// Runs discover, spend, two runaway sweeps (the first fills the inventory cache, the second is the steady state) and
// the idle sweep, each as `warden run <job> --json` under /usr/bin/time; prints wall time, API calls per account, paid
// API $ per day at the default schedules, peak RSS of the Warden process, and the database size now and after 13 weeks
// (extrapolated, see `estimate13Weeks`). Prints figures; not a timed test.
// Usage: npx tsx bench/scale.ts [N ...]   (BENCH_FUNCTIONS overrides F)
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { startMoto, awsEnv } from '../test/support/moto.ts';
import { buildOrganization, seedSpendWindow, simulateSpend, type OrgSpec } from '../test/support/org-simulator.ts';
import { RunawaySim, type SimFunctionSpec } from '../test/support/runaway-sim.ts';
import { startPcProxy } from '../test/support/idle-sim-pc.ts';
import { seedSteadyMetrics } from './seed-metrics.ts';
import { writeConfig } from '../test/support/warden.ts';
import { addDays, utcDay } from '../core/clock.ts';
import { timedCli, type Timed } from './timed.ts';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const REGIONS = ['us-east-1', 'eu-west-1'];
const RUNS_PER_DAY = { discover: 24, spend: 4, runaway: 1440, idle: 1, outbox: 1440 }; // default schedules (config/sections/core.ts)
const GMD_USD_PER_METRIC = 0.01 / 1000;
const IDLE_SAMPLE = Number(process.env.BENCH_IDLE_SAMPLE ?? 100);
const RETENTION_DAYS = 14; // runaway.retentionDays default: samples older than this are pruned every sweep
const secs = (ms: number) => (ms / 1000).toFixed(1);
const calls = (t: Timed) => Object.values(t.report.apiCalls as Record<string, number>).reduce((a, b) => a + b, 0);

function spec(n: number): OrgSpec {
  const per = Math.ceil(n / 10);
  const teams = Array.from({ length: 10 }, (_, t) => ({
    name: `Team${t}`,
    accounts: Array.from({ length: Math.max(0, Math.min(per, n - t * per)) }, (_, i) => ({ name: `sandbox-dev-${t}-${i}`, email: `dev${t}.${i}@example.com` })),
  }));
  return { sandboxOuPath: 'Root/Sandboxes', ous: [{ name: 'Sandboxes', children: teams }] };
}

/** Bytes per table (with its indexes) and rows, from SQLite's dbstat. */
function tableBytes(path: string): Map<string, { bytes: number; rows: number }> {
  const db = new Database(path, { readonly: true });
  const out = new Map<string, { bytes: number; rows: number }>();
  const idx = new Map((db.prepare("SELECT name, tbl_name AS t FROM sqlite_master WHERE type = 'index'").all() as Array<{ name: string; t: string }>).map((r) => [r.name, r.t]));
  for (const r of db.prepare('SELECT name, SUM(pgsize) AS b FROM dbstat GROUP BY name').all() as Array<{ name: string; b: number }>) {
    const table = idx.get(r.name) ?? r.name;
    const cur = out.get(table) ?? { bytes: 0, rows: 0 };
    out.set(table, { ...cur, bytes: cur.bytes + r.b });
  }
  for (const [t, v] of out) if (!t.startsWith('sqlite_')) v.rows = db.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number;
  db.close();
  return out;
}

/**
 * 13 weeks of the default schedules, extrapolated from what one run of each job stored: spend rows for 91 days
 * (measured when the backfill covered 91 days), runaway samples at their steady state (one row per series and minute,
 * kept RETENTION_DAYS), job_runs at the measured bytes per run (never pruned), everything else as measured.
 */
function estimate13Weeks(t: Map<string, { bytes: number; rows: number }>, o: { spendDays: number; seriesPerMinute: number; runBytes: Record<string, number> }): number {
  const perRow = (name: string) => (t.get(name)?.rows ? t.get(name)!.bytes / t.get(name)!.rows : 0);
  let bytes = 0;
  for (const [name, v] of t) if (!['spend_daily', 'runaway_samples', 'job_runs'].includes(name)) bytes += v.bytes;
  bytes += (t.get('spend_daily')?.bytes ?? 0) * (91 / o.spendDays);
  bytes += perRow('runaway_samples') * o.seriesPerMinute * 1440 * RETENTION_DAYS;
  for (const [job, b] of Object.entries(o.runBytes)) bytes += b * RUNS_PER_DAY[job as keyof typeof RUNS_PER_DAY] * 91;
  return bytes;
}

async function benchOne(n: number) {
  const moto = await startMoto();
  try {
    let t0 = performance.now();
    const org = await buildOrganization(moto.endpoint, spec(n));
    const buildS = secs(performance.now() - t0);
    const today = utcDay(new Date());
    const spendDays = n > 2000 ? 14 : 91; // the emulator holds canned pages in memory: 5,000 x 91 days is too large for it
    const records = simulateSpend(org, { today, days: spendDays, seed: 1 });
    await seedSpendWindow(moto, records, { start: addDays(today, -spendDays), end: today });
    await seedSpendWindow(moto, records, { start: addDays(today, -14), end: today }); // the regular run after the backfill
    const fns = Number(process.env.BENCH_FUNCTIONS ?? (n > 2000 ? 2 : 5));
    const ids = org.accounts.filter((a) => a.kind === 'sandbox').map((a) => a.id);
    const specs: SimFunctionSpec[] = ids.flatMap((accountId, a) => REGIONS.flatMap((region) =>
      Array.from({ length: fns }, (_, f): SimFunctionSpec => ({ key: `${a}-${region}-${f}`, accountId, region, profile: { kind: 'steady', rate: 5 } }))));
    t0 = performance.now();
    const sim = new RunawaySim(moto.endpoint, 0);
    await sim.create(specs, 16);
    const fnSeedS = secs(performance.now() - t0);
    t0 = performance.now();
    // The CLI runs on the real clock: metrics for the 10 minutes before now and 8 after, one PutMetricData per target.
    await seedSteadyMetrics(moto.endpoint, [...sim.functions.values()], Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000, 18, 5);
    sim.destroy();
    console.error(`[${n}] org ${buildS} s, ${specs.length} functions ${fnSeedS} s, 18 minutes of metrics ${secs(performance.now() - t0)} s`);
    const { path, dir } = writeConfig({ organization: { sandboxOus: [org.sandboxOuId], verifyAccess: false }, regions: REGIONS, spend: { backfillDays: spendDays, windowDays: 14 }, log: { level: 'warn' } });
    const env = awsEnv(moto.endpoint);
    const dbFile = `${dir}/warden.db`;
    const run: Record<string, Timed> = {};
    const runBytes: Record<string, number> = {};
    // The idle sweep on a sample: the emulator starts an EC2 backend per account-region (~0.5 s each), which bounds its
    // wall time, not Warden. Provisioned concurrency (not in moto) through the test proxy, as in the idle tests.
    const pc = await startPcProxy(moto.endpoint);
    const idleCfg = writeConfig({
      organization: { sandboxOus: [org.sandboxOuId], verifyAccess: false, excludeAccounts: ids.slice(IDLE_SAMPLE) }, regions: REGIONS, database: { path: `${dir}/warden.db` }, log: { level: 'warn' },
    }).path;
    for (const [label, job] of [['discover', 'discover'], ['spend', 'spend'], ['spend-window', 'spend'], ['runaway-first', 'runaway'], ['runaway', 'runaway'], ['runaway-heap128', 'runaway'], ['idle', 'idle']] as const) {
      // runaway-heap128: the same steady sweep with V8's old space capped (NODE_OPTIONS, as a service unit can set it):
      // on a large host V8 lets garbage pile up before collecting, and peak RSS shows that, not live memory.
      const jobEnv = label === 'runaway-heap128' ? { ...env, NODE_OPTIONS: '--max-old-space-size=128' } : job === 'idle' ? awsEnv(pc.endpoint) : env;
      run[label] = await timedCli(['--config', job === 'idle' ? idleCfg : path, 'run', job, '--json'], jobEnv);
      console.error(`[${n}] ${label}: ${secs(run[label]!.ms)} s, ${calls(run[label]!)} calls, ${run[label]!.rssMb.toFixed(0)} MB, status ${String(run[label]!.report.status)}`);
    }
    await pc.stop();
    const tables = tableBytes(dbFile);
    // Bytes a run leaves in job_runs (its JSON report and call counts, ~100 bytes of columns), per job: the last run.
    const db = new Database(dbFile, { readonly: true });
    for (const r of db.prepare('SELECT job, LENGTH(report) + LENGTH(api_calls) + 100 AS b FROM job_runs ORDER BY id').all() as Array<{ job: string; b: number }>) runBytes[r.job] = r.b;
    db.close();
    runBytes.outbox = 400; // an empty outbox run: a fixed-size report
    const r = run.runaway!.report;
    const targets = ids.length * REGIONS.length;
    const drilled = Number(r.drilledDown);
    const seriesPerMinute = targets + drilled * fns; // account-level series per target, per-function ones where drilled
    const dbMb = statSync(dbFile).size / 1048576;
    const paid = {
      spend: Number(run['spend-window']!.report.apiCostUsd) * RUNS_PER_DAY.spend,
      runaway: Number(r.metricsRequested) * GMD_USD_PER_METRIC * RUNS_PER_DAY.runaway,
      idle: (Number(run.idle!.report.apiCostUsd) * RUNS_PER_DAY.idle * n) / Math.min(IDLE_SAMPLE, n),
    };
    return {
      accounts: n, targets, functions: specs.length,
      discoverS: secs(run.discover!.ms), discoverCallsPerAcct: (calls(run.discover!) / n).toFixed(2),
      spendS: secs(run.spend!.ms), ceRequests: Number(run.spend!.report.ceRequests), spendWindowS: secs(run['spend-window']!.ms), ceRequestsWindow: Number(run['spend-window']!.report.ceRequests), spendCallsPerAcct: (calls(run.spend!) / n).toFixed(3),
      runawayFirstS: secs(run['runaway-first']!.ms), runawayFirstCallsPerAcct: (calls(run['runaway-first']!) / n).toFixed(1),
      runawayHeap128S: secs(run['runaway-heap128']!.ms), runawayS: secs(run.runaway!.ms), runawayCallsPerAcct: (calls(run.runaway!) / n).toFixed(2), metricsPerSweep: Number(r.metricsRequested), drilled,
      idleSampleAccounts: Math.min(IDLE_SAMPLE, n), idleSampleS: secs(run.idle!.ms), idleCallsPerAcct: (calls(run.idle!) / Math.min(IDLE_SAMPLE, n)).toFixed(1),
      idleErrors: (run.idle!.report.errors as unknown[]).length,
      paidUsdPerDay: { ...Object.fromEntries(Object.entries(paid).map(([k, v]) => [k, v.toFixed(2)])), total: Object.values(paid).reduce((a, b) => a + b, 0).toFixed(2) },
      peakRssMb: Object.fromEntries(Object.entries(run).map(([k, v]) => [k, Math.round(v.rssMb)])),
      dbMbNow: dbMb.toFixed(1), spendDays, runReportKb: Object.fromEntries(Object.entries(runBytes).map(([k, v]) => [k, (v / 1024).toFixed(1)])),
      dbMb13WeeksEstimate: (estimate13Weeks(tables, { spendDays, seriesPerMinute, runBytes }) / 1048576).toFixed(0),
      tables: Object.fromEntries([...tables].filter(([, v]) => v.bytes > 1048576).map(([k, v]) => [k, { mb: (v.bytes / 1048576).toFixed(1), rows: v.rows }])),
      apiCalls: Object.fromEntries(Object.entries(run).map(([k, v]) => [k, v.report.apiCalls])),
    };
  } finally {
    await moto.stop();
  }
}

for (const n of sizes.length ? sizes : [1000, 5000]) console.log(JSON.stringify(await benchOne(n)));
