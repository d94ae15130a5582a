// Runaway kill switch under stress: the breaker, crashes between intent and AWS call, bad metric values, a function
// deleted mid-sweep, AccessDenied and throttling from AWS, and the CLI end to end against a seeded emulator.
import { ListTagsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.ts';
import type { Runtime } from '../../cli/bootstrap.ts';
import { createRunawayJob, runawayJob } from '../../jobs/runaway.ts';
import { runJob, type RunReport } from '../../jobs/runner.ts';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { awsEnv, startMoto, type Moto } from '../support/moto.ts';
import { buildOrganization, memberClientConfig, type SimOrg } from '../support/org-simulator.ts';
import { RunawaySim, type SimFunctionSpec } from '../support/runaway-sim.ts';
import { inProcess, runCli, useEmulator, writeConfig } from '../support/warden.ts';

const START = Date.parse('2026-03-15T10:00:00Z');
let moto: Moto;
let proxy: FaultProxy;
let org: SimOrg;
let sim: RunawaySim;
let sandboxes: string[];
const open: Runtime[] = [];

type Finding = { accountId: string; functionArn: string; detector: string; action: string };
const findingsOf = (r: RunReport) => r.findings as Finding[];
const actionOf = (r: RunReport, arn: string) => findingsOf(r).find((f) => f.functionArn === arn && ['rate', 'growth', 'burn'].includes(f.detector))?.action;

async function world(specs: (ids: string[]) => SimFunctionSpec[], start = START): Promise<void> {
  sim?.destroy();
  await moto.reset();
  org = await buildOrganization(moto.endpoint);
  sandboxes = org.accounts.filter((a) => a.kind === 'sandbox' && a.status === 'ACTIVE' && !a.excluded).map((a) => a.id);
  sim = new RunawaySim(moto.endpoint, start);
  await sim.create(specs(sandboxes));
}

function warden(runaway: object = {}, extra: object = {}): { path: string; rt: (clock: ManualClock) => Runtime } {
  const cfg = writeConfig({ organization: { sandboxOus: [org.sandboxOuId], excludeAccounts: org.accounts.filter((a) => a.excluded).map((a) => a.id) }, regions: ['us-east-1'], runaway: { lookbackMinutes: 10, ...runaway }, ...extra });
  return { path: cfg.path, rt: (clock) => { const r = inProcess(cfg.path, { clock }); open.push(r); return r; } };
}

async function tickAndSweep(rt: Runtime, clock: ManualClock, job = runawayJob): Promise<RunReport> {
  const m = await sim.tick();
  clock.set(new Date(sim.at(m + 1) + 20_000));
  return runJob(job, rt);
}

beforeAll(async () => {
  moto = await startMoto();
  proxy = await startFaultProxy(moto.endpoint);
}, 120_000);

afterAll(async () => {
  for (const r of open) r.close();
  sim?.destroy();
  await proxy?.stop();
  await moto?.stop();
});

describe('breaker', () => {
  it('throttles at most maxKillsPerSweep (the most expensive first) and raises a critical alert for the rest', async () => {
    await world((ids) => [100, 200, 300].map((durationMs, i) => ({ key: `hot-${i}`, accountId: ids[i]!, profile: { kind: 'steady', rate: 20_000 }, durationMs })));
    useEmulator(moto.endpoint);
    const clock = new ManualClock(new Date(START));
    const rt = warden({ maxKillsPerSweep: 2 }).rt(clock);
    const r = await tickAndSweep(rt, clock);
    expect(r.breakerTripped).toBe(true);
    expect([0, 1, 2].map((i) => actionOf(r, sim.fn(`hot-${i}`).arn))).toEqual(['alerted', 'throttled', 'throttled']);
    expect(await sim.reservedConcurrency('hot-0')).toBeUndefined();
    expect(await sim.reservedConcurrency('hot-2')).toBe(0);
    const breaker = rt.repos.alerts.openBySubject('runaway:breaker')!;
    expect(breaker).toMatchObject({ severity: 'critical', evidence: { wouldKill: 3, killed: 2, maxKillsPerSweep: 2 } });
  });
});

describe('crash between intent and AWS call', () => {
  it('leaves a consistent state after restart: an unsent kill is abandoned and redone, a sent one is confirmed', async () => {
    await world((ids) => [
      { key: 'before-put', accountId: ids[0]!, profile: { kind: 'steady', rate: 20_000 } },
      { key: 'after-put', accountId: ids[1]!, profile: { kind: 'steady', rate: 20_000 }, reservedConcurrency: 7 },
    ]);
    useEmulator(moto.endpoint);
    const clock = new ManualClock(new Date(START));
    const w = warden();
    const crash = (when: string) => (arn: string) => {
      if (arn.endsWith(when)) throw new Error(`simulated crash ${when}`);
    };
    const crashing = createRunawayJob({ hooks: { afterIntent: crash('sim-before-put'), afterPut: crash('sim-after-put') } });
    const first = w.rt(clock);
    await tickAndSweep(first, clock, crashing);
    expect(first.repos.runaway.throttles.listByState('pending').map((t) => t.functionArn).sort()).toEqual([sim.fn('after-put').arn, sim.fn('before-put').arn].sort());
    expect(await sim.reservedConcurrency('before-put')).toBeUndefined();
    expect(await sim.reservedConcurrency('after-put')).toBe(0);
    first.close();

    const second = w.rt(clock);
    const r = await tickAndSweep(second, clock);
    expect(r.reconciled).toEqual({ confirmed: 1, abandoned: 1, restored: 0, gone: 0 });
    expect(actionOf(r, sim.fn('before-put').arn)).toBe('throttled');
    const throttled = new Map(second.repos.runaway.throttles.listThrottled().map((t) => [t.functionArn, t]));
    expect(throttled.get(sim.fn('before-put').arn)!.previousConcurrency).toBeNull();
    expect(throttled.get(sim.fn('after-put').arn)!.previousConcurrency).toBe(7);
    expect(second.repos.runaway.throttles.listByState('abandoned')).toHaveLength(1);
    expect(await sim.reservedConcurrency('before-put')).toBe(0);
  });

  it('restores exactly from the tags when the database is lost', async () => {
    const clock = new ManualClock(new Date(sim.at(sim.current) + 20_000));
    const fresh = warden().rt(clock);
    const r = await import('../../jobs/runaway/restore.ts').then((m) => m.restoreFunction(fresh, sim.fn('after-put').arn, { actor: 'test', reason: 'db lost' }));
    expect(r.previousConcurrency).toBe(7);
    expect(await sim.reservedConcurrency('after-put')).toBe(7);
  });
});

describe('bad input and AWS failures', () => {
  it('ignores negative and absurd points, survives a deleted function, and reports AccessDenied as cannot-enforce', async () => {
    await world((ids) => [
      { key: 'garbage', accountId: ids[0]!, profile: { kind: 'steady', rate: 10 } },
      { key: 'doomed', accountId: ids[1]!, profile: { kind: 'steady', rate: 10 } },
      { key: 'denied', accountId: ids[2]!, profile: { kind: 'steady', rate: 10 } },
    ]);
    useEmulator(proxy.endpoint);
    const clock = new ManualClock(new Date(START));
    const rt = warden().rt(clock);
    const warm = await tickAndSweep(rt, clock);
    expect(warm.status).toBe('ok');
    // Next minute: absurd and negative values for one function, the doomed one deleted after the inventory was cached.
    await sim.putRaw('garbage', 'Invocations', sim.current, 5e12);
    await sim.putRaw('garbage', 'Invocations', sim.current + 1, -50);
    await sim.putRaw('doomed', 'Invocations', sim.current, 1_000_000);
    await sim.putRaw('denied', 'Invocations', sim.current, 1_000_000);
    await sim.deleteFunction('doomed');
    const rule = proxy.addRule({ service: 'lambda', operation: 'PutFunctionConcurrency', bodyIncludes: '"ReservedConcurrentExecutions":0', action: { kind: 'error', status: 403, code: 'AccessDeniedException', message: 'not authorized to perform lambda:PutFunctionConcurrency' } });
    const r = await tickAndSweep(rt, clock);
    rule.remove();
    expect(r.status).toBe('ok');
    expect(r.rejectedPoints).toBeGreaterThanOrEqual(1);
    expect(actionOf(r, sim.fn('garbage').arn)).toBeUndefined();
    expect(actionOf(r, sim.fn('doomed').arn)).toBe('none');
    expect(rt.repos.runaway.inventory.get(sim.fn('doomed').arn)!.deletedAt).not.toBeNull();
    expect(actionOf(r, sim.fn('denied').arn)).toBe('alerted');
    const alert = rt.repos.alerts.openBySubject(`runaway:${sim.fn('denied').arn}`)!;
    expect(alert.severity).toBe('critical');
    expect(alert.title).toContain('Cannot enforce');
    expect(rt.repos.runaway.throttles.history({ functionArn: sim.fn('denied').arn })[0]!.state).toBe('failed');
    const lambda = new LambdaClient(await memberClientConfig(moto.endpoint, sandboxes[2]!));
    expect((await lambda.send(new ListTagsCommand({ Resource: sim.fn('denied').arn }))).Tags ?? {}).toEqual({});
    lambda.destroy();
    // Only the denied function reached PutFunctionConcurrency: the deleted one failed at GetFunctionConcurrency.
    expect(rule.applied).toBe(1);
  });

  it('records a throttled GetMetricData or a denied AssumeRole against that account and sweeps the rest', async () => {
    useEmulator(proxy.endpoint);
    const clock = new ManualClock(new Date(sim.at(sim.current) + 20_000));
    const rt = warden({}, { aws: { maxAttempts: 1 } }).rt(clock);
    proxy.addRule({ service: 'sts', operation: 'AssumeRole', bodyIncludes: sandboxes[4]!, action: { kind: 'error', status: 403, code: 'AccessDenied', message: 'no' } });
    proxy.addRule({ service: 'monitoring', operation: 'GetMetricData', times: 1, action: { kind: 'error', status: 400, code: 'Throttling', message: 'Rate exceeded' } });
    const r = await tickAndSweep(rt, clock);
    proxy.clearRules();
    expect(r.status).toBe('partial');
    const errs = r.errors as Array<{ accountId: string; message: string }>;
    expect(errs.some((e) => e.accountId === sandboxes[4] && /access denied/.test(e.message))).toBe(true);
    expect(errs.some((e) => /throttled/.test(e.message))).toBe(true);
    expect(errs).toHaveLength(2);
    expect(r.targets).toBe(sandboxes.length);
  });
});

describe('CLI', () => {
  it('run runaway --json shows the findings and actions on a seeded emulator, and restore puts it back', async () => {
    const now = Math.floor(Date.now() / 60_000) * 60_000;
    await world((ids) => [
      { key: 'cli-runaway', accountId: ids[0]!, profile: { kind: 'steady', rate: 20_000 }, reservedConcurrency: 3 },
      { key: 'cli-quiet', accountId: ids[1]!, profile: { kind: 'steady', rate: 5 } },
    ], now - 6 * 60_000);
    for (let m = 0; m < 5; m++) await sim.tick();
    const cfg = warden();
    const env = { ...awsEnv(moto.endpoint), WARDEN_CONFIG: cfg.path };
    const run = await runCli(['run', 'runaway', '--json'], env);
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    const report = run.json<RunReport>();
    expect(findingsOf(report)).toEqual([{ accountId: sandboxes[0], region: 'us-east-1', functionArn: sim.fn('cli-runaway').arn, detector: 'rate', action: 'throttled', summary: expect.stringContaining('20000 invocations') }]);
    expect(report.metricsRequested).toBe(sandboxes.length * 4 + 6);
    expect(await sim.reservedConcurrency('cli-runaway')).toBe(0);
    const restore = await runCli(['restore', sim.fn('cli-runaway').arn, '--reason', 'fixed', '--json'], env);
    expect(restore.code, restore.stderr.slice(-2000)).toBe(0);
    expect(restore.json()).toMatchObject({ previousConcurrency: 3, reason: 'fixed' });
    expect(await sim.reservedConcurrency('cli-runaway')).toBe(3);
    const again = await runCli(['restore', sim.fn('cli-runaway').arn], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('not throttled');
  });
});
