// Failure handling of the spine, in-process against the emulator (through the fault proxy where AWS must misbehave).
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMoto, awsEnv, type Moto } from '../support/moto.ts';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { buildOrganization, costAndUsagePages, simulateSpend, type SimOrg } from '../support/org-simulator.ts';
import { inProcess, runCli, useEmulator, writeConfig } from '../support/warden.ts';
import { addDays, utcDay } from '../../core/clock.ts';
import { getJob } from '../../jobs/index.ts';
import { runJob } from '../../jobs/runner.ts';
import type { Runtime } from '../../cli/bootstrap.ts';

let moto: Moto;
let proxy: FaultProxy;
let org: SimOrg;
const today = utcDay(new Date());
const runtimes: Runtime[] = [];

beforeAll(async () => {
  moto = await startMoto();
  proxy = await startFaultProxy(moto.endpoint);
  org = await buildOrganization(moto.endpoint);
});
afterEach(() => {
  proxy.clearRules();
  while (runtimes.length) runtimes.pop()!.close();
});
afterAll(async () => {
  await proxy?.stop();
  await moto?.stop();
});

function runtime(extra: Record<string, unknown> = {}, endpoint = proxy.endpoint) {
  useEmulator(endpoint);
  const { path } = writeConfig({ organization: { sandboxOus: [org.sandboxOuId] }, regions: ['us-east-1'], log: { level: 'silent' }, ...extra });
  const rt = inProcess(path);
  runtimes.push(rt);
  return rt;
}

describe('per-account failure isolation', () => {
  it('records a missing member role against its account and checks the others', async () => {
    const active = org.accounts.filter((a) => a.kind === 'sandbox' && a.status === 'ACTIVE');
    const broken = active[3]!;
    proxy.addRule({ service: 'sts', operation: 'AssumeRole', bodyIncludes: broken.id, action: { kind: 'error', status: 403, code: 'AccessDenied', message: 'not authorized to perform sts:AssumeRole' } });
    const rt = runtime();
    const report = await runJob(getJob('discover'), rt);
    expect(report.status).toBe('partial');
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ accountId: broken.id });
    expect(report.errors[0]!.message).toMatch(/cannot assume .*OrganizationAccountAccessRole: access denied \(AccessDenied\)/);
    expect(report.access).toEqual({ ok: active.length - 1, failed: 1 });
    expect(rt.repos.accounts.get(broken.id)?.access).toBe('denied');
    expect(rt.repos.accounts.get(active[0]!.id)?.access).toBe('ok');
  });
});

describe('bad input and failing AWS', () => {
  it('fails with a clear error for an OU that does not exist', async () => {
    const rt = runtime({ organization: { sandboxOus: ['ou-zzzz-doesnotexist'] } });
    const report = await runJob(getJob('discover'), rt);
    expect(report.status).toBe('failed');
    expect(report.error).toContain('organization.sandboxOus: ou-zzzz-doesnotexist does not exist');
  });

  it('fails clearly, after bounded retries, when throttling outlasts them', async () => {
    const rule = proxy.addRule({ service: 'ce', operation: 'GetCostAndUsage', action: { kind: 'error', status: 400, code: 'ThrottlingException', message: 'Rate exceeded' } });
    const rt = runtime({ aws: { maxAttempts: 2 }, organization: { sandboxOus: [org.sandboxOuId], verifyAccess: false } });
    const report = await runJob(getJob('spend'), rt);
    expect(report.status).toBe('failed');
    expect(report.error).toMatch(/Rate exceeded/);
    expect(rule.applied).toBe(2);
    expect(rt.repos.spend.rowCount()).toBe(0);
  });

  it('names an unreachable endpoint', async () => {
    const rt = runtime({ aws: { maxAttempts: 1 } }, 'http://127.0.0.1:9');
    const report = await runJob(getJob('discover'), rt);
    expect(report.status).toBe('failed');
    expect(report.error).toMatch(/ECONNREFUSED|connect/);
  });

  it('rejects a non-numeric amount and writes nothing', async () => {
    const records = simulateSpend(org, { today, days: 7, seed: 3 });
    const pages = costAndUsagePages(records, { start: addDays(today, -91), end: today, stream: 'usage' }) as Array<{ ResultsByTime: Array<{ Groups: Array<{ Metrics: Record<string, { Amount: string }> }> }> }>;
    const target = pages.find((p) => p.ResultsByTime.some((r) => r.Groups.length))!;
    target.ResultsByTime.find((r) => r.Groups.length)!.Groups[0]!.Metrics.UnblendedCost!.Amount = 'twelve';
    await moto.seedCostAndUsage(pages);
    const rt = runtime({ organization: { sandboxOus: [org.sandboxOuId], verifyAccess: false } });
    const report = await runJob(getJob('spend'), rt);
    expect(report.status).toBe('failed');
    expect(report.error).toMatch(/Amount is not a decimal number: "twelve"/);
    expect(rt.repos.spend.rowCount()).toBe(0);
    await moto.reset();
    org = await buildOrganization(moto.endpoint);
  });

  it('reports spend in another currency instead of mixing it in', async () => {
    const records = simulateSpend(org, { today, days: 7, seed: 4 });
    const eur = org.accounts.find((a) => a.kind === 'sandbox' && a.status === 'ACTIVE' && !a.excluded)!;
    const start = addDays(today, -91);
    const usage = costAndUsagePages(records.filter((r) => r.accountId !== eur.id), { start, end: today, stream: 'usage' });
    const eurPages = costAndUsagePages(records.filter((r) => r.accountId === eur.id), { start, end: today, stream: 'usage', unit: 'EUR' }) as Array<{ ResultsByTime: Array<{ Groups: unknown[] }> }>;
    // merge the EUR groups into the USD pages, day by day (same paging)
    (usage as typeof eurPages).forEach((p, i) => p.ResultsByTime.forEach((r, j) => r.Groups.push(...eurPages[i]!.ResultsByTime[j]!.Groups)));
    await moto.seedCostAndUsage([...usage, ...costAndUsagePages(records, { start, end: today, stream: 'credits' })]);
    const rt = runtime({ organization: { sandboxOus: [org.sandboxOuId], verifyAccess: false } });
    const report = await runJob(getJob('spend'), rt);
    expect(report.status).toBe('partial');
    expect(report.errors).toEqual([{ accountId: eur.id, region: null, message: expect.stringContaining('spend reported in EUR, not USD') }]);
    expect((report.accounts as Array<{ id: string }>).map((a) => a.id)).not.toContain(eur.id);
    await moto.reset();
    org = await buildOrganization(moto.endpoint);
  });

  it('exits non-zero naming a locked database', async () => {
    const { path, dir } = writeConfig({ organization: { sandboxOus: [org.sandboxOuId] }, regions: ['us-east-1'], database: { path: 'locked.db', busyTimeoutMs: 100 } });
    const holder = new Database(`${dir}/locked.db`);
    holder.exec('CREATE TABLE x (a); BEGIN EXCLUSIVE; INSERT INTO x VALUES (1);');
    const r = await runCli(['--config', path, 'run', 'discover', '--json'], awsEnv(moto.endpoint));
    holder.exec('ROLLBACK');
    holder.close();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/locked\.db is locked by another process/);
    expect(r.stdout).toBe('');
  });
});
