// Closed-loop runaway simulation against moto on a simulated clock: each simulated minute the simulator writes the
// metrics, then one runaway sweep runs. Expected kills are derived from the scenario's workloads and limits.
import { ListTagsCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.ts';
import type { Runtime } from '../../cli/bootstrap.ts';
import { growthDetector } from '../../jobs/runaway/detectors/growth.ts';
import { burnDetector } from '../../jobs/runaway/detectors/burn.ts';
import { rateDetector } from '../../jobs/runaway/detectors/rate.ts';
import { topologyDetector } from '../../jobs/runaway/detectors/topology.ts';
import { burnUsdPerHour } from '../../jobs/runaway/prices.ts';
import { restoreFunction } from '../../jobs/runaway/restore.ts';
import { runawayJob } from '../../jobs/runaway.ts';
import { runJob, type RunReport } from '../../jobs/runner.ts';
import { startMoto, type Moto } from '../support/moto.ts';
import { buildOrganization, memberClientConfig, type SimOrg } from '../support/org-simulator.ts';
import { demand, RunawaySim, type SimFunctionSpec } from '../support/runaway-sim.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { inProcess, useEmulator, writeConfig } from '../support/warden.ts';

const START = Date.parse('2026-03-15T10:00:00Z');
const MINUTES = 12;
const MANAGER = 'lead@example.com';
const OWNER = 'ana.dev@example.com';

let moto: Moto;
let sink: SmtpSink;
let org: SimOrg;
let sim: RunawaySim;
let rt: Runtime;
const clock = new ManualClock(new Date(START));
const reports: RunReport[] = [];

type Finding = { accountId: string; functionArn: string; detector: string; action: string };
const findingsOf = (r: RunReport) => r.findings as Finding[];

/** First minute at which the growth rule holds on the workload's demand (the threshold crossing). */
function growthCrossing(spec: SimFunctionSpec): number {
  const { factor, minutes, floorPerMinute } = growthDetector.defaults as { factor: number; minutes: number; floorPerMinute: number };
  for (let m = minutes; m < 60; m++) {
    let ok = true;
    for (let i = m - minutes + 1; i <= m; i++) ok &&= demand(spec.profile, i) >= floorPerMinute && demand(spec.profile, i) / demand(spec.profile, i - 1) >= factor;
    if (ok) return m;
  }
  return Infinity;
}

function burnCrossing(spec: SimFunctionSpec): number {
  const { usdPerHour, minutes } = burnDetector.defaults as { usdPerHour: number; minutes: number };
  const burn = (m: number) => burnUsdPerHour({ invocationsPerMinute: demand(spec.profile, m), durationAvgMs: spec.durationMs!, memoryMb: spec.memoryMb!, architecture: 'x86_64' });
  for (let m = minutes! - 1; m < 60; m++) if (Array.from({ length: minutes! }, (_, k) => burn(m - k)).every((b) => b > usdPerHour!)) return m;
  return Infinity;
}

let specs: Record<string, SimFunctionSpec>;

beforeAll(async () => {
  moto = await startMoto();
  sink = await startSmtpSink();
  org = await buildOrganization(moto.endpoint);
  const sandboxes = org.accounts.filter((a) => a.kind === 'sandbox' && a.status === 'ACTIVE' && !a.excluded);
  const excluded = org.accounts.find((a) => a.excluded)!;
  const [a1, a2, a3, a4, a5] = sandboxes;
  specs = {
    runawayNone: { key: 'runaway-none', accountId: a1!.id, profile: { kind: 'runaway', start: 1 }, tags: { owner: OWNER } },
    runawayFive: { key: 'runaway-five', accountId: a2!.id, profile: { kind: 'runaway', start: 4 }, reservedConcurrency: 5 },
    spike: { key: 'load-test', accountId: a2!.id, profile: { kind: 'spike', base: 50, at: 4, peak: 3000 } },
    burn: { key: 'slow-burn', accountId: a3!.id, profile: { kind: 'linear', start: 40, perMinute: 4 }, memoryMb: 3008, durationMs: 10_000 },
    steady: { key: 'steady-api', accountId: a3!.id, profile: { kind: 'steady', rate: 2000 } },
    exempt: { key: 'exempt-runaway', accountId: a4!.id, profile: { kind: 'runaway', start: 2 }, tags: { 'warden:exempt': 'true' } },
    suspect: { key: 'queue-loop', accountId: a5!.id, profile: { kind: 'steady', rate: 2000 }, sqsLoop: true },
    excluded: { key: 'excluded-runaway', accountId: excluded.id, profile: { kind: 'runaway', start: 8 } },
    management: { key: 'mgmt-runaway', accountId: org.managementAccountId, profile: { kind: 'runaway', start: 8 } },
  };
  sim = new RunawaySim(moto.endpoint, START);
  await sim.create(Object.values(specs));
  useEmulator(moto.endpoint);
  const cfg = writeConfig({
    organization: { sandboxOus: [org.sandboxOuId], excludeAccounts: [excluded.id] },
    regions: ['us-east-1'],
    email: { transport: 'smtp', from: 'warden@example.com', smtp: { host: '127.0.0.1', port: sink.port } },
    alerts: { managers: [MANAGER] },
    runaway: { lookbackMinutes: 15 },
  });
  rt = inProcess(cfg.path, { clock });
  for (let m = 0; m < MINUTES; m++) {
    await sim.tick();
    clock.set(new Date(sim.at(m + 1) + 20_000));
    reports.push(await runJob(runawayJob, rt));
  }
}, 300_000);

afterAll(async () => {
  rt?.close();
  sim?.destroy();
  await sink?.stop();
  await moto?.stop();
});

/** Index of the sweep (= minute whose data it first saw) that throttled the function, or -1. */
const killedAt = (key: string) => reports.findIndex((r) => findingsOf(r).some((f) => f.functionArn === sim.fn(key).arn && f.action === 'throttled'));

describe('runaway sweep on a simulated clock', () => {
  it('runs ok every minute and reports metrics requested and their cost', () => {
    expect(reports.map((r) => r.status)).toEqual(new Array(MINUTES).fill('ok'));
    for (const r of reports) {
      expect(r.metricsRequested).toBeGreaterThan(0);
      expect(r.apiCalls['cloudwatch:GetMetricData']).toBeGreaterThan(0);
      // $0.01 per 1,000 metrics requested.
      expect(Number(r.apiCostUsd)).toBeCloseTo(Math.round((r.metricsRequested as number) * 0.00001 * 100) / 100, 2);
    }
  });

  it('throttles each runaway within 2 sweeps of crossing its threshold', () => {
    const expected = {
      runawayNone: growthCrossing(specs.runawayNone!), runawayFive: growthCrossing(specs.runawayFive!), burn: burnCrossing(specs.burn!),
      // A loop suspect's rate limit is lowered by the topology factor: 2000/min crosses it in the first minute.
      suspect: 2000 > rateDetector.defaults.invocationsPerMinute! * topologyDetector.defaults.thresholdFactor! ? 0 : Infinity,
    };
    for (const [name, crossing] of Object.entries(expected)) {
      const at = killedAt(specs[name]!.key);
      expect(crossing, name).toBeLessThan(MINUTES - 1);
      expect(at, name).toBeGreaterThanOrEqual(crossing);
      expect(at, name).toBeLessThanOrEqual(crossing + 1);
    }
    expect(findingsOf(reports[killedAt('slow-burn')]!).find((f) => f.functionArn === sim.fn('slow-burn').arn)!.detector).toBe('burn');
    expect(findingsOf(reports[killedAt('queue-loop')]!).filter((f) => f.functionArn === sim.fn('queue-loop').arn).map((f) => f.detector).sort()).toEqual(['rate', 'topology']);
  });

  it('closes the loop: a throttled runaway drops to 0 invocations with Throttles rising, as the stored samples show', async () => {
    const f = sim.fn('runaway-none');
    const k = killedAt('runaway-none');
    expect(await sim.reservedConcurrency('runaway-none')).toBe(0);
    expect(await sim.reservedConcurrency('runaway-five')).toBe(0);
    expect(f.written.slice(k + 1)).toEqual(new Array(MINUTES - k - 1).fill(0));
    const stored = rt.repos.runaway.samples.range(f.arn, new Date(sim.at(0)).toISOString(), new Date(sim.at(MINUTES)).toISOString());
    expect(stored.map((s) => s.invocations)).toEqual(f.written);
    expect(stored.map((s) => s.throttles)).toEqual(f.throttles);
    expect(f.throttles.at(-1)).toBe(demand(specs.runawayNone!.profile, MINUTES - 1));
  });

  it('records the previous concurrency in SQLite and as tags', async () => {
    const rows = rt.repos.runaway.throttles.listThrottled();
    const byArn = new Map(rows.map((r) => [r.functionArn, r]));
    expect(byArn.get(sim.fn('runaway-none').arn)!.previousConcurrency).toBeNull();
    expect(byArn.get(sim.fn('runaway-five').arn)!.previousConcurrency).toBe(5);
    const lambda = new LambdaClient(await memberClientConfig(moto.endpoint, specs.runawayFive!.accountId));
    const tags = (await lambda.send(new ListTagsCommand({ Resource: sim.fn('runaway-five').arn }))).Tags!;
    lambda.destroy();
    expect(tags['warden:previous-concurrency']).toBe('5');
    expect(tags['warden:detector']).toBe('growth');
  });

  it('leaves the legitimate spike, the steady function, the exempt one, the excluded and the management account untouched', async () => {
    for (const key of ['load-test', 'steady-api', 'exempt-runaway', 'excluded-runaway', 'mgmt-runaway']) {
      expect(killedAt(key), key).toBe(-1);
      expect(await sim.reservedConcurrency(key), key).toBeUndefined();
    }
    const all = reports.flatMap(findingsOf);
    expect(all.filter((f) => f.functionArn === sim.fn('load-test').arn || f.functionArn === sim.fn('steady-api').arn)).toEqual([]);
    expect(all.filter((f) => f.accountId === specs.excluded!.accountId || f.accountId === org.managementAccountId)).toEqual([]);
    const exempt = all.filter((f) => f.functionArn === sim.fn('exempt-runaway').arn);
    expect(exempt.length).toBeGreaterThan(0);
    expect(new Set(exempt.map((f) => f.action))).toEqual(new Set(['exempt']));
    const alert = rt.repos.alerts.openBySubject(`runaway:${sim.fn('exempt-runaway').arn}`)!;
    expect(alert.severity).toBe('warning');
    expect(alert.evidence.exemption).toContain('warden:exempt');
  });

  it('mails the manager and the developer (owner tag, else the account email) with the evidence', async () => {
    const arn = sim.fn('runaway-none').arn;
    const mails = sink.messages.filter((m) => m.text.includes(arn));
    expect(mails.length).toBeGreaterThan(0);
    const kill = mails.find((m) => m.subject.includes('throttled'))!;
    expect(kill.envelope.to.sort()).toEqual([MANAGER, OWNER].sort());
    expect(kill.text).toContain('detector: growth');
    expect(kill.text).toContain('previousConcurrency: none');
    const five = sink.messages.find((m) => m.subject.includes('throttled') && m.text.includes(sim.fn('runaway-five').arn))!;
    const accountEmail = org.accounts.find((a) => a.id === specs.runawayFive!.accountId)!.email;
    expect(five.envelope.to.sort()).toEqual([MANAGER, accountEmail].sort());
    const alert = rt.repos.alerts.openBySubject(`runaway:${arn}`)!;
    expect(alert.severity).toBe('critical');
    expect(Number(alert.evidence.savedUsdSinceKill)).toBeGreaterThanOrEqual(0);
    expect(String(alert.evidence.evidencePoints)).toContain(`=${demand(specs.runawayNone!.profile, killedAt('runaway-none'))}`);
  });

  it('restores exactly the previous concurrency (none, and 5), removes the tags, closes the incident and records who and why', async () => {
    const none = await restoreFunction(rt, sim.fn('runaway-none').arn, { actor: 'test:lead', reason: 'loop fixed' });
    const five = await restoreFunction(rt, sim.fn('runaway-five').arn, { actor: 'test:lead' });
    expect(none.previousConcurrency).toBeNull();
    expect(five.previousConcurrency).toBe(5);
    expect(await sim.reservedConcurrency('runaway-none')).toBeUndefined();
    expect(await sim.reservedConcurrency('runaway-five')).toBe(5);
    const lambda = new LambdaClient(await memberClientConfig(moto.endpoint, specs.runawayNone!.accountId));
    const tags = (await lambda.send(new ListTagsCommand({ Resource: sim.fn('runaway-none').arn }))).Tags!;
    lambda.destroy();
    expect(tags).toEqual({ owner: OWNER });
    const row = rt.repos.runaway.throttles.get(none.throttleId)!;
    expect(row).toMatchObject({ state: 'restored', restoredBy: 'test:lead', restoreReason: 'loop fixed', restoredAt: clock.now().toISOString() });
    expect(rt.repos.alerts.openBySubject(`runaway:${sim.fn('runaway-none').arn}`)).toBeUndefined();
    expect(rt.repos.alerts.get(none.alertId!)!.state).toBe('resolved');
    expect(sink.messages.some((m) => m.subject.includes('restored by test:lead') && m.envelope.to.includes(OWNER))).toBe(true);
    await expect(restoreFunction(rt, sim.fn('runaway-none').arn, { actor: 'x' })).rejects.toMatchObject({ name: 'ConflictError' });
    await expect(restoreFunction(rt, sim.fn('runaway-none').arn.replace('sim-runaway-none', 'sim-nope'), { actor: 'x' })).rejects.toMatchObject({ name: 'NotFoundError' });
  });
});
