// Runaway sweep benchmark against the emulator: two-stage design vs per-function design (one query per function per
// metric, every sweep, as Cloud Custodian's metrics filter does), on the same seeded organization, in one run.
// Prints figures; not a timed test. Size: BENCH_ACCOUNTS (default 100) x BENCH_REGIONS (2) x BENCH_FUNCTIONS (20).
// Usage: npx tsx bench/runaway.ts
import { ManualClock } from '../core/clock.ts';
import { createRunawayJob, runawayJob } from '../jobs/runaway.ts';
import { runJob, type RunReport } from '../jobs/runner.ts';
import { awsEnv, startMoto } from '../test/support/moto.ts';
import { buildOrganization } from '../test/support/org-simulator.ts';
import { RunawaySim, type SimFunctionSpec } from '../test/support/runaway-sim.ts';
import { inProcess, useEmulator, writeConfig } from '../test/support/warden.ts';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 100);
const REGIONS = ['us-east-1', 'eu-west-1'].slice(0, Number(process.env.BENCH_REGIONS ?? 2));
const FUNCTIONS = Number(process.env.BENCH_FUNCTIONS ?? 20);
const START = Date.parse('2026-03-15T10:00:00Z');
const GMD_USD_PER_METRIC = 0.01 / 1000;

const t = () => performance.now();
const secs = (ms: number) => (ms / 1000).toFixed(1);

const moto = await startMoto();
// Fake credentials and the loopback emulator only.
Object.assign(process.env, awsEnv(moto.endpoint));
try {
  let t0 = t();
  const org = await buildOrganization(moto.endpoint, {
    sandboxOuPath: 'Root/Sandboxes',
    ous: [{ name: 'Sandboxes', accounts: Array.from({ length: ACCOUNTS }, (_, i) => ({ name: `sandbox-${i}`, email: `dev${i}@example.com` })) }],
  });
  const ids = org.accounts.filter((a) => a.kind === 'sandbox').map((a) => a.id);
  const specs: SimFunctionSpec[] = [];
  ids.forEach((accountId, a) => REGIONS.forEach((region) => {
    for (let f = 0; f < FUNCTIONS; f++) specs.push({ key: `${a}-${region}-${f}`, accountId, region, profile: { kind: 'steady', rate: 5 } });
  }));
  // One runaway, for the detection latency.
  specs[0] = { ...specs[0]!, profile: { kind: 'runaway', start: 1 } };
  const sim = new RunawaySim(moto.endpoint, START);
  await sim.create(specs, 8);
  const seedMs = t() - t0;
  console.log(`seeded ${ids.length} accounts x ${REGIONS.length} regions x ${FUNCTIONS} functions = ${specs.length} functions in ${secs(seedMs)} s`);

  useEmulator(moto.endpoint);
  const clock = new ManualClock(new Date(START));
  const cfg = writeConfig({ organization: { sandboxOus: [org.sandboxOuId] }, regions: REGIONS, log: { level: 'silent' }, aws: { concurrency: 16 } });
  const rt = inProcess(cfg.path, { clock });
  const perFunction = createRunawayJob({ sweep: { alwaysDrill: true } });
  const reports: Array<{ m: number; r: RunReport }> = [];
  const measured: Record<string, { ms: number; r: RunReport }> = {};
  let killedAt = -1;
  for (let m = 0; m < 12 && killedAt < 0; m++) {
    t0 = t();
    await sim.tick(16);
    const tickMs = t() - t0;
    clock.set(new Date(sim.at(m + 1) + 20_000));
    if (m === 1) {
      // Steady state (inventory cached by the first sweep): both designs on the same minute of data.
      t0 = t();
      measured['per-function'] = { r: await runJob(perFunction, rt), ms: t() - t0 };
    }
    t0 = t();
    const r = await runJob(runawayJob, rt);
    if (m === 1) measured['two-stage'] = { r, ms: t() - t0 };
    if (m === 0) console.log(`first sweep (discovery + inventory of every account-region): ${secs(t() - t0)} s, ${Object.values(r.apiCalls).reduce((a, b) => a + b, 0)} calls; metric tick ${secs(tickMs)} s`);
    if (r.status === 'failed') throw new Error(`sweep failed: ${r.error}`);
    reports.push({ m, r });
    if ((r.findings as Array<{ action: string }>).some((f) => f.action === 'throttled')) killedAt = m;
  }
  const targets = ids.length * REGIONS.length;
  console.log(`\n| design | wall time (s) | API calls | GetMetricData calls | metrics requested | $ per sweep | $ per account-region-month (1-min cadence) |`);
  console.log('|---|---|---|---|---|---|---|');
  for (const [name, { ms, r }] of Object.entries(measured)) {
    const calls = Object.values(r.apiCalls).reduce((a, b) => a + b, 0);
    const metrics = r.metricsRequested as number;
    const perSweep = metrics * GMD_USD_PER_METRIC;
    console.log(`| ${name} | ${secs(ms)} | ${calls} | ${r.apiCalls['cloudwatch:GetMetricData'] ?? 0} | ${metrics} | $${perSweep.toFixed(4)} | $${((perSweep / targets) * 60 * 24 * 30).toFixed(4)} |`);
  }
  console.log(`\ntargets: ${targets}; runaway (1/min doubling) crossed the growth threshold at simulated minute 9 (values 128, 256, 512 above the floor of 100); throttled by the sweep after minute ${killedAt}: detection latency ${killedAt - 9 + 1} sweep(s) after the crossing minute's data.`);
  console.log(`scale factor to 1,000 accounts x 2 regions x 20 functions: ${(1000 * 2 * 20) / specs.length}x`);
  rt.close();
  sim.destroy();
} finally {
  await moto.stop();
}
