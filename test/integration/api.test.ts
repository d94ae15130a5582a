// The dashboard API on a database filled by the real discover and spend jobs from the simulator's Cost Explorer
// answers: every figure asserted is recomputed here from the simulated records.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../core/clock.ts';
import { formatCents } from '../../core/money.ts';
import { buildApp } from '../../server/app.ts';
import { expectedUsageNano } from '../support/expected-spend.ts';
import { DEVELOPER, EVIL_NAME, MANAGER, TODAY, seedScenario, type Scenario } from '../e2e/seed.ts';
import { login, type Session } from '../e2e/inject.ts';

let s: Scenario;
let app: FastifyInstance;
let manager: Session;
let developer: Session;

const lastMonday = (() => {
  const dow = new Date(`${TODAY}T00:00:00Z`).getUTCDay();
  return addDays(TODAY, -((dow + 6) % 7) - 7);
})();

function weekTotals(start: string, ids?: Set<string>): Map<string, bigint> {
  return expectedUsageNano(s.records, start, addDays(start, 7), ids ?? new Set(s.sandboxes.map((a) => a.id)));
}
const total = (m: Map<string, bigint>) => [...m.values()].reduce((a, b) => a + b, 0n);

beforeAll(async () => {
  s = await seedScenario();
  app = await buildApp(s.rt);
  manager = await login(app, MANAGER.email, MANAGER.password);
  developer = await login(app, DEVELOPER.email, DEVELOPER.password);
});
afterAll(async () => {
  await app?.close();
  await s?.stop();
});

describe('spend API', () => {
  it('GET /api/spend/weekly gives each complete ISO week with its total, accounts and change, as the simulator spent it', async () => {
    const res = await manager.get('/api/spend/weekly?weeks=4');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.weeks.map((w: { start: string }) => w.start)).toEqual([21, 14, 7, 0].map((d) => addDays(lastMonday, -d)));
    body.weeks.forEach((w: { start: string; total: string; change: string }, i: number) => {
      const cur = weekTotals(w.start);
      const prev = weekTotals(addDays(w.start, -7));
      expect(w.total).toBe(formatCents(total(cur)));
      expect(w.change).toBe(formatCents(total(cur) - total(prev)));
      for (const a of body.accounts) {
        expect(a.totals[i]).toBe(Number(formatCents(cur.get(a.accountId) ?? 0n)) || 0);
        expect(a.changes[i]).toBe(Number(formatCents((cur.get(a.accountId) ?? 0n) - (prev.get(a.accountId) ?? 0n))) || 0);
      }
    });
    const spent = new Set([0, 7, 14, 21, 28].flatMap((d) => [...weekTotals(addDays(lastMonday, -d)).keys()]));
    expect(body.accounts.map((a: { accountId: string }) => a.accountId).sort()).toEqual([...spent].sort());
    expect(body.weeks[3].week).toBe('2026-W11');
  });

  it('GET /api/overview: this week vs last, 12 stacked weeks of the top accounts plus the rest, movers, budgets', async () => {
    const o = (await manager.get('/api/overview')).json();
    const thisWeek = total(weekTotals(lastMonday));
    const prevWeek = total(weekTotals(addDays(lastMonday, -7)));
    expect(o.thisWeek).toMatchObject({ start: lastMonday, total: formatCents(thisWeek), change: formatCents(thisWeek - prevWeek) });
    expect(o.stacked.labels).toHaveLength(12);
    const twelve = new Map<string, bigint>();
    for (let i = 0; i < 12; i++) for (const [id, v] of weekTotals(addDays(lastMonday, -7 * i))) twelve.set(id, (twelve.get(id) ?? 0n) + v);
    const ranked = [...twelve].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0)).map(([id]) => id);
    expect(o.stacked.datasets.slice(0, 8).map((d: { accountId: string }) => d.accountId)).toEqual(ranked.slice(0, 8));
    expect(o.stacked.datasets[8].label).toBe(`Other accounts (${ranked.length - 8})`);
    const heavy = s.org.accounts.find((a) => a.spendProfile === 'heavy')!;
    expect(o.stacked.datasets[0].accountId).toBe(heavy.id);
    expect(o.stacked.datasets[0].data[11]).toBe(Number(formatCents(weekTotals(lastMonday).get(heavy.id)!)));
    // Movers: largest week-over-week increases, recomputed from the records.
    const cur = weekTotals(lastMonday);
    const prev = weekTotals(addDays(lastMonday, -7));
    const rises = [...cur].map(([id, v]) => [id, v - (prev.get(id) ?? 0n)] as const).filter(([, d]) => d > 0n).sort((a, b) => (b[1] > a[1] ? 1 : -1));
    expect(o.movers.accounts.map((m: { accountId: string }) => m.accountId)).toEqual(rises.slice(0, 5).map(([id]) => id));
    // The heavy account is over its $100 budget; the budget list is riskiest first.
    expect(o.budgets[0]).toMatchObject({ accountId: heavy.id, status: 'over', budget: '100.00' });
    expect(o.budgets).toHaveLength(Math.min(25, s.sandboxes.length));
    expect(o.budgetCounts.total).toBe(s.sandboxes.length);
    // Daily total over the last 28 days with a trailing 7-day average.
    expect(o.daily).toHaveLength(28);
    const day = o.daily[27].day;
    expect(day).toBe(addDays(TODAY, -1));
    expect(o.daily[27].total).toBe(formatCents(total(expectedUsageNano(s.records, day, TODAY, new Set(s.sandboxes.map((a) => a.id))))));
  });

  it('GET /api/spend/daily gives one account by service, and clamps a huge range to 400 days', async () => {
    const id = s.developerAccount.id;
    const from = addDays(TODAY, -14);
    const res = (await manager.get(`/api/spend/daily?account=${id}&from=${from}&to=${TODAY}`)).json();
    expect(res.days).toHaveLength(14);
    expect(res.clamped).toBe(false);
    const sum = res.services.reduce((a: bigint, x: { data: number[] }) => a + x.data.reduce((p, v) => p + BigInt(Math.round(v * 100)), 0n), 0n);
    const want = expectedUsageNano(s.records, from, TODAY, new Set([id])).get(id)!;
    // Per-day cents rounding: within half a cent per service-day of the exact total.
    expect(Number(sum) / 100).toBeCloseTo(Number(formatCents(want)), 0);
    const huge = (await manager.get(`/api/spend/daily?account=${id}&from=1900-01-01&to=2999-12-31`)).json();
    expect(huge).toMatchObject({ clamped: true, to: addDays(TODAY, 1), from: addDays(TODAY, 1 - 400) });
    expect(huge.days).toHaveLength(400);
  });

  it('GET /api/accounts lists each sandbox with month to date, forecast, budget, owner and last sweep', async () => {
    const { accounts } = (await manager.get('/api/accounts')).json();
    expect(accounts.map((a: { id: string }) => a.id).sort()).toEqual(s.sandboxes.map((a) => a.id).sort());
    const mtd = expectedUsageNano(s.records, `${TODAY.slice(0, 7)}-01`, TODAY);
    const mine = accounts.find((a: { id: string }) => a.id === s.developerAccount.id);
    expect(mine).toMatchObject({ owner: DEVELOPER.email, monthToDate: formatCents(mtd.get(s.developerAccount.id)!), budget: '100.00', lastSweep: { status: 'ok' } });
    expect(accounts.find((a: { name: string }) => a.name === EVIL_NAME)).toBeDefined();
  });

  it('a developer sees only their own account, everywhere', async () => {
    const { accounts } = (await developer.get('/api/accounts')).json();
    expect(accounts.map((a: { id: string }) => a.id)).toEqual([s.developerAccount.id]);
    const weekly = (await developer.get('/api/spend/weekly?weeks=2')).json();
    expect(weekly.weeks[1].total).toBe(formatCents(weekTotals(lastMonday).get(s.developerAccount.id)!));
    expect(weekly.accounts.map((a: { accountId: string }) => a.accountId)).toEqual([s.developerAccount.id]);
    const o = (await developer.get('/api/overview')).json();
    expect(o.stacked.datasets.map((d: { accountId: string }) => d.accountId)).toEqual([s.developerAccount.id]);
    const { alerts } = (await developer.get('/api/alerts')).json();
    expect(alerts.every((a: { accountId: string }) => a.accountId === s.developerAccount.id)).toBe(true);
  });

  it('GET /api/alerts returns the budget incidents the spend job raised, with evidence; unknown ids are 404', async () => {
    const { alerts } = (await manager.get('/api/alerts?state=open')).json();
    const want = s.rt.repos.alerts.list({ state: 'open' });
    expect(alerts.map((a: { id: number }) => a.id)).toEqual(want.map((a) => a.id));
    const heavy = s.org.accounts.find((a) => a.spendProfile === 'heavy')!;
    const hv = alerts.find((a: { accountId: string }) => a.accountId === heavy.id);
    expect(hv).toMatchObject({ kind: 'budget', severity: 'critical', evidence: { budgetUsd: '100.00' } });
    expect((await manager.get(`/api/alerts/${hv.id}`)).json().id).toBe(hv.id);
    expect((await manager.get('/api/alerts/999999')).statusCode).toBe(404);
    expect((await manager.get('/api/accounts/999999999999')).statusCode).toBe(404);
  });

  it('GET /api/runs shows the discover and spend runs with their API calls and cost', async () => {
    const r = (await manager.get('/api/runs')).json();
    const spend = r.lastPerJob.find((x: { job: string }) => x.job === 'spend');
    const stored = s.rt.repos.jobRuns.lastPerJob().find((x) => x.job === 'spend')!;
    expect(spend).toMatchObject({ status: 'ok', apiCalls: stored.apiCalls });
    expect(spend.apiCalls['ce:GetCostAndUsage']).toBeGreaterThan(0);
    expect(Number(spend.apiCostUsd)).toBeCloseTo(0.01 * spend.apiCalls['ce:GetCostAndUsage'], 2);
  });

  it('/metrics is Prometheus text with job runs, API calls, open incidents and the outbox', async () => {
    const res = await manager.get('/metrics');
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    expect(text).toMatch(/^# TYPE warden_job_runs_total counter$/m);
    expect(text).toContain('warden_job_runs_total{job="spend",status="ok"} 1');
    const ce = s.rt.repos.jobRuns.lastPerJob().find((x) => x.job === 'spend')!.apiCalls['ce:GetCostAndUsage']!;
    expect(text).toContain(`warden_aws_api_calls_total{service="ce",operation="GetCostAndUsage"} ${ce}`);
    const open = s.rt.repos.alerts.countOpen();
    expect(text).toContain(`warden_open_incidents{severity="critical"} ${open.critical ?? 0}`);
    expect(text).toContain(`warden_outbox_messages{state="pending"} ${s.rt.repos.outbox.backlog().pending ?? 0}`);
    for (const line of text.trim().split('\n')) expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{[^}]*\})? -?[\d.e+]+)$/);
  });

  it('serves OpenAPI at /docs and the web pages with a strict CSP', async () => {
    const spec = (await manager.get('/docs/json')).json();
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/spend/weekly', '/api/spend/daily', '/api/accounts', '/api/alerts', '/api/throttled', '/api/throttled/{id}/restore', '/api/idle', '/api/runs', '/metrics', '/healthz']));
    const page = await manager.get('/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});
