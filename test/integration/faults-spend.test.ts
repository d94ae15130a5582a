// Fault injection for spend: Cost Explorer throttling (400 ThrottlingException), 5xx, resets, an answer lost after
// Cost Explorer sent it, added latency and a request that never answers, one kind at a time and every-Nth/seeded
// random. The stored spend equals the simulated spend (no lost and no duplicated rows), retries stay bounded, a
// failure that outlasts them leaves the stored spend as it was and is shown by GET /api/runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../core/clock.ts';
import { getJob } from '../../jobs/index.ts';
import { runJob } from '../../jobs/runner.ts';
import type { FaultAction, FaultRule } from '../support/fault-proxy.ts';
import { expectedUsageNano } from '../support/expected-spend.ts';
import { seedSpendWindow, simulateSpend, type SpendRecord } from '../support/org-simulator.ts';
import { SERVER_ERROR, THROTTLE, UNAVAILABLE, lastRunViaApi, startWarden, startWorld, trackUnhandledRejections, type Warden, type World } from '../support/faults-world.ts';

const TODAY = '2026-03-18';
const DAYS = 14;
const START = addDays(TODAY, -DAYS);
/** Two streams (usage, credits) of two 7-day pages each. */
const CE_REQUESTS = 4;
let w: World;
let records: SpendRecord[];
let rejections: ReturnType<typeof trackUnhandledRejections>;
const open: Warden[] = [];

beforeAll(async () => {
  rejections = trackUnhandledRejections();
  w = await startWorld();
  records = simulateSpend(w.org, { today: TODAY, days: DAYS, seed: 11 });
  // The window is the same on every run (backfill = window), so Cost Explorer's answer is the same every time.
  await seedSpendWindow(w.moto, records, { start: START, end: TODAY, accounts: w.org.accounts });
});
afterAll(async () => {
  for (const x of open) await x.close();
  await w?.stop();
});

function warden(aws: Record<string, unknown> = {}): Warden {
  const x = startWarden(w, { aws: { maxAttempts: 3, requestTimeoutMs: 1500, ...aws }, organization: { verifyAccess: false }, spend: { backfillDays: DAYS, windowDays: DAYS } }, new Date(`${TODAY}T09:00:00Z`));
  open.push(x);
  return x;
}

const rows = (x: Warden) => x.rt.repos.db.prepare('SELECT account_id AS a, day, service, amount_nano AS n FROM spend_daily ORDER BY 1, 2, 3').safeIntegers(true).all();

/** What must be stored: each sandbox's (day, service) cells of the simulated usage, and its exact total. */
function expected(x: Warden) {
  const sandboxes = new Set(x.rt.repos.accounts.list().filter((a) => a.isSandbox).map((a) => a.id));
  const cells = new Set(records.filter((r) => r.recordType === 'Usage' && sandboxes.has(r.accountId) && r.date >= START && r.date < TODAY).map((r) => `${r.accountId}|${r.date}|${r.service}`));
  return { cells: cells.size, totals: expectedUsageNano(records, START, TODAY, sandboxes) };
}

function assertStoredSpend(x: Warden): void {
  const want = expected(x);
  expect(rows(x)).toHaveLength(want.cells);
  const got = new Map(x.rt.repos.spend.totals(START, TODAY, 'USD').map((t) => [t.accountId, t.totalNano]));
  expect(got).toEqual(want.totals);
}

const ce = (action: FaultAction, more: Partial<FaultRule> = {}): FaultRule => ({ service: 'ce', operation: 'GetCostAndUsage', action, ...more });

describe('spend under Cost Explorer faults', () => {
  it.each<[string, FaultRule, number]>([
    ['throttling, twice', ce(THROTTLE.ce, { times: 2 }), 2],
    ['an HTTP 500', ce(SERVER_ERROR, { times: 1 }), 1],
    ['a connection reset', ce({ kind: 'reset' }, { times: 2 }), 2],
    ['an answer lost mid-body after Cost Explorer sent it', ce({ kind: 'truncate', bytes: 40, abort: true }, { times: 1 }), 1],
    ['a request that never answers (timeout)', ce({ kind: 'hang' }, { times: 1 }), 1],
    // Requests 2, 4 and 6 of 7: each page's first try or its retry, never both.
    ['throttling of every 2nd request', ce(THROTTLE.ce, { every: 2 }), CE_REQUESTS - 1],
    ['seeded random throttling (p = 0.4)', ce(THROTTLE.ce, { probability: 0.4, seed: 7 }), -1],
    ['300 ms added to every request', ce({ kind: 'delay', ms: 300 }), CE_REQUESTS],
  ])('stores exactly the simulated spend after %s', async (_name, rule, injected) => {
    w.proxy.clearRules();
    const handle = w.proxy.addRule(rule);
    const before = w.proxy.count('ce', 'GetCostAndUsage');
    const x = warden();
    const r = await runJob(getJob('spend'), x.rt);
    expect(r.status, r.error).toBe('ok');
    if (injected >= 0) expect(handle.applied).toBe(injected);
    const delay = rule.action.kind === 'delay';
    // Bounded: one request per page plus one retry per injected failure (a delay is not a failure).
    expect(w.proxy.count('ce', 'GetCostAndUsage') - before).toBe(CE_REQUESTS + (delay ? 0 : handle.applied));
    expect(r.ceRequests).toBe(CE_REQUESTS);
    assertStoredSpend(x);
  });

  it('keeps the stored spend when Cost Explorer stays unavailable, and shows why', async () => {
    w.proxy.clearRules();
    const x = warden();
    expect((await runJob(getJob('spend'), x.rt)).status).toBe('ok');
    const stored = rows(x);
    const handle = w.proxy.addRule(ce(UNAVAILABLE));
    const r = await runJob(getJob('spend'), x.rt);
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/Service is unavailable/);
    expect(handle.applied).toBe(3); // maxAttempts for the first page, then the run stops
    expect(rows(x)).toEqual(stored);
    expect(await lastRunViaApi(x, 'spend')).toMatchObject({ id: r.runId, status: 'failed', error: r.error });
    w.proxy.clearRules();
    expect((await runJob(getJob('spend'), x.rt)).status).toBe('ok');
    expect(rows(x)).toEqual(stored);
  });

  it('saw no unhandled rejection', () => {
    expect(rejections.stop()).toEqual([]);
  });
});
