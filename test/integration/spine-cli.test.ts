// End to end through the CLI against the emulator: discover, spend (backfill then rolling window), budget alerts by
// email and webhook, idempotent re-runs.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMoto, awsEnv, type Moto } from '../support/moto.ts';
import { buildOrganization, seedSpendWindow, simulateSpend, type SimOrg, type SpendRecord } from '../support/org-simulator.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { runCli, writeConfig } from '../support/warden.ts';
import { expectedUsageNano } from '../support/expected-spend.ts';
import { addDays, daysInMonth, monthStart, utcDay } from '../../core/clock.ts';
import { formatAmount } from '../../core/money.ts';
import { openDatabase } from '../../db/index.ts';
import { createRepos } from '../../db/repos/index.ts';

let moto: Moto;
let org: SimOrg;
let smtp: SmtpSink;
let hook: Server;
const posts: Array<Record<string, unknown>> = [];
let records: SpendRecord[];
let config: { path: string; dir: string };
const today = utcDay(new Date());
const backfillStart = addDays(today, -91);
const windowStart = addDays(today, -14);
const MANAGER = 'eng.manager@example.com';

const sandboxes = () => org.accounts.filter((a) => a.kind === 'sandbox' && !a.excluded);
const heavy = () => org.accounts.find((a) => a.spendProfile === 'heavy')!;
const HEAVY_BUDGET = 300;

beforeAll(async () => {
  [moto, smtp] = await Promise.all([startMoto(), startSmtpSink()]);
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      posts.push(JSON.parse(body));
      res.end('ok');
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  org = await buildOrganization(moto.endpoint);
  records = simulateSpend(org, { today, days: 91, seed: 7 });
  await seedSpendWindow(moto, records, { start: backfillStart, end: today, accounts: org.accounts });
  await seedSpendWindow(moto, records, { start: windowStart, end: today, accounts: org.accounts });
  config = writeConfig({
    organization: { sandboxOus: [org.sandboxOuId], excludeAccounts: org.accounts.filter((a) => a.excluded).map((a) => a.id) },
    regions: ['us-east-1'],
    budgets: { defaultMonthlyUsd: 1_000_000, accounts: { [heavy().id]: HEAVY_BUDGET }, thresholds: [50, 80, 100] },
    alerts: { managers: [MANAGER], webhookUrl: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook` },
    email: { transport: 'smtp', from: 'warden@example.com', smtp: { host: '127.0.0.1', port: smtp.port } },
    log: { level: 'warn' },
  });
});
afterAll(async () => {
  await Promise.all([moto?.stop(), smtp?.stop(), new Promise((r) => hook?.close(r))]);
});

const cli = (...args: string[]) => runCli(['--config', config.path, ...args], awsEnv(moto.endpoint));

describe('warden run discover / spend against the emulator', () => {
  it('discovers exactly the sandbox accounts, nested OUs included', async () => {
    const r = await cli('run', 'discover', '--json');
    expect(r.code, r.stderr).toBe(0);
    const report = r.json<{ status: string; accounts: Array<{ id: string; email: string; status: string; ouPath: string }>; apiCalls: Record<string, number> }>();
    expect(report.status).toBe('ok');
    const want = sandboxes().map((a) => ({ id: a.id, email: a.email, status: a.status, ouPath: a.ouPath })).sort((a, b) => a.id.localeCompare(b.id));
    expect(report.accounts.map(({ id, email, status, ouPath }) => ({ id, email, status, ouPath }))).toEqual(want);
    expect(report.accounts.some((a) => a.status === 'SUSPENDED')).toBe(true);
    expect(report.accounts.map((a) => a.id)).not.toContain(org.managementAccountId);
    expect(report.apiCalls['sts:AssumeRole']).toBe(sandboxes().filter((a) => a.status === 'ACTIVE').length);
  });

  it('backfills 13 weeks of spend with exact per-account totals, credits apart, one request stream', async () => {
    const r = await cli('run', 'spend', '--json');
    expect(r.code, r.stderr).toBe(0);
    const report = r.json<{ status: string; window: { start: string; backfill: boolean }; accounts: Array<{ id: string; total: string; days: number }>; ceRequests: number; apiCalls: Record<string, number>; apiCostUsd: string; credits: number }>();
    expect(report.status).toBe('ok');
    const creditLines = records.filter((x) => x.recordType !== 'Usage' && sandboxes().some((a) => a.id === x.accountId));
    expect(creditLines.length).toBeGreaterThan(0); // credits exist, yet totals below are usage only
    expect(report.credits).toBe(new Set(creditLines.map((c) => `${c.accountId}|${c.date}|${c.recordType}`)).size);
    expect(report.window).toMatchObject({ start: backfillStart, backfill: true });
    const expected = expectedUsageNano(records, backfillStart, today, new Set(sandboxes().map((a) => a.id)));
    expect(Object.fromEntries(report.accounts.map((a) => [a.id, a.total]))).toEqual(Object.fromEntries([...expected].map(([id, n]) => [id, formatAmount(n, 2)])));
    const pages = Math.ceil(91 / 7) * 2;
    expect(report.ceRequests).toBe(pages);
    expect(report.apiCalls['ce:GetCostAndUsage']).toBe(pages);
    expect(report.apiCostUsd).toBe(formatAmount(BigInt(pages) * 10_000_000n, 2));
  });

  it('raises the budget alert once, by email to the manager and the owner and by webhook', async () => {
    const mail = await smtp.waitForMessages(1);
    const h = heavy();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.envelope.to.sort()).toEqual([MANAGER, h.email].sort());
    expect(mail[0]!.subject).toContain(h.name);
    expect(mail[0]!.text).toContain(`$${HEAVY_BUDGET}.00`);
    expect(posts).toHaveLength(1);
    expect(String(posts[0]!.text)).toContain(h.id);
  });

  it('changes nothing on a second run over the rolling window, and sends nothing again', async () => {
    const db = openDatabase(config.dir + '/warden.db');
    const before = createRepos(db).spend.totals(backfillStart, today, 'USD');
    db.close();
    const r = await cli('run', 'spend', '--json');
    expect(r.code, r.stderr).toBe(0);
    const report = r.json<{ window: { start: string; backfill: boolean }; changedRows: number; ceRequests: number; alertsRaised: unknown[] }>();
    expect(report.window).toMatchObject({ start: windowStart, backfill: false });
    expect(report.changedRows).toBe(0);
    expect(report.ceRequests).toBe(Math.ceil(14 / 7) * 2);
    expect(report.alertsRaised).toEqual([]);
    const db2 = openDatabase(config.dir + '/warden.db');
    const repos = createRepos(db2);
    expect(repos.spend.totals(backfillStart, today, 'USD')).toEqual(before);
    const open = repos.alerts.list({ state: 'open' }).filter((a) => a.kind === 'budget');
    expect(open.map((a) => a.accountId)).toEqual([heavy().id]);
    db2.close();
    expect(smtp.messages).toHaveLength(1);
    expect(posts).toHaveLength(1);
  });

  it('evaluates the budget from month-to-date actual and the documented projection', () => {
    const h = heavy();
    const mtd = expectedUsageNano(records, monthStart(today), today, new Set([h.id])).get(h.id) ?? 0n;
    const recent = expectedUsageNano(records, addDays(today, -7), today, new Set([h.id])).get(h.id) ?? 0n;
    const elapsed = Number(today.slice(8, 10)) - 1;
    const forecast = mtd + (recent / 7n) * BigInt(daysInMonth(today) - elapsed);
    const db = openDatabase(config.dir + '/warden.db');
    const row = createRepos(db).budgets.forecasts(today.slice(0, 7)).find((f) => f.accountId === h.id)!;
    db.close();
    expect(row).toMatchObject({ actualNano: mtd, forecastNano: forecast, method: 'projection' });
    const budget = BigInt(HEAVY_BUDGET) * 1_000_000_000n;
    const crossed = [50, 80, 100].filter((t) => forecast * 100n >= BigInt(t) * budget);
    expect(crossed.length).toBeGreaterThan(0);
  });
});
