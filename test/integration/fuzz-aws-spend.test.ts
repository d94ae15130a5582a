// Cost Explorer answers rewritten on the way back (the proxy's mutate action): missing fields, huge numbers,
// non-numeric amounts, wrong units and account ids, odd unicode in service names, and random amount strings.
// A bad answer fails the run with an error naming the field, stores nothing and leaves the stored spend as it was;
// an odd service name is stored as given and comes back intact (JSON-escaped) from the API.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../core/clock.ts';
import { parseAmount } from '../../core/money.ts';
import { getJob } from '../../jobs/index.ts';
import { runJob } from '../../jobs/runner.ts';
import { seedSpendWindow, simulateSpend } from '../support/org-simulator.ts';
import { lastRunViaApi, startWarden, startWorld, type Warden, type World } from '../support/faults-world.ts';

const TODAY = '2026-03-18';
const DAYS = 7;
const START = addDays(TODAY, -DAYS);
const RUNS = process.env.WARDEN_FUZZ_LONG === '1' ? 300 : 12;
let w: World;
let x: Warden;
let baseline: unknown[];

type Group = { Keys: string[]; Metrics: Record<string, Record<string, unknown>> };
type Page = { ResultsByTime: Array<{ TimePeriod?: { Start?: string }; Groups: Group[] }> };

beforeAll(async () => {
  w = await startWorld();
  await seedSpendWindow(w.moto, simulateSpend(w.org, { today: TODAY, days: DAYS, seed: 5 }), { start: START, end: TODAY, accounts: w.org.accounts });
  x = startWarden(w, { organization: { verifyAccess: false }, spend: { backfillDays: DAYS, windowDays: DAYS } }, new Date(`${TODAY}T09:00:00Z`));
  expect((await runJob(getJob('spend'), x.rt)).status).toBe('ok');
  baseline = rows();
});
afterAll(async () => {
  await x?.close();
  await w?.stop();
});

const rows = () => x.rt.repos.db.prepare('SELECT account_id, day, service, amount_nano, unit FROM spend_daily ORDER BY 1, 2, 3').safeIntegers(true).all();

/** Rewrites the first group of a governed sandbox in the first answer (the usage stream's only page). */
function onFirstGroup(edit: (g: Group, page: Page) => void) {
  const sandboxes = new Set(w.sandboxes.map((a) => a.id));
  return (body: string) => {
    const page = JSON.parse(body) as Page;
    const g = page.ResultsByTime.flatMap((r) => r.Groups).find((x) => sandboxes.has(x.Keys[0]!));
    if (g) edit(g, page);
    return JSON.stringify(page);
  };
}

async function spendWith(edit: (g: Group, page: Page) => void) {
  w.proxy.clearRules();
  const rule = w.proxy.addRule({ service: 'ce', operation: 'GetCostAndUsage', times: 1, action: { kind: 'mutate', transform: onFirstGroup(edit) } });
  const r = await runJob(getJob('spend'), x.rt);
  expect(rule.applied).toBe(1);
  return r;
}

const amount = (v: unknown) => (g: Group) => void (g.Metrics.UnblendedCost!.Amount = v);

describe('malformed Cost Explorer answers', () => {
  it.each<[string, (g: Group, p: Page) => void, RegExp]>([
    ['a non-numeric amount', amount('twelve'), /\.Metrics\.UnblendedCost\.Amount is not a decimal number: "twelve"/],
    ['an amount with a comma', amount('1,50'), /Amount is not a decimal number: "1,50"/],
    ['an empty amount', amount(''), /Amount is not a decimal number: ""/],
    ['a huge exponent', amount('1e40'), /Amount has an absurd exponent: 1e40/],
    ['an amount beyond int64 nano-units', amount('99999999999999999999'), /Amount is out of range: 99999999999999999999/],
    ['a missing amount', (g) => void delete g.Metrics.UnblendedCost!.Amount, /Amount is missing or not a string/],
    ['missing metrics', (g) => void delete (g as Partial<Group>).Metrics, /Metrics\.UnblendedCost is missing/],
    ['a lower-case unit', (g) => void (g.Metrics.UnblendedCost!.Unit = 'usd'), /Unit is not a currency code: "usd"/],
    ['an account id that is not one', (g) => void (g.Keys[0] = '12345'), /Keys\[0\] is not an account id: "12345"/],
    ['a missing service key', (g) => void (g.Keys = [g.Keys[0]!]), /Keys\[1\] is missing/],
    ['a missing day', (_g, p) => void delete p.ResultsByTime[0]!.TimePeriod, /ResultsByTime\[0\]\.TimePeriod\.Start is missing or not a date/],
    ['no ResultsByTime', (_g, p) => void delete (p as Partial<Page>).ResultsByTime, /no ResultsByTime list/],
  ])('%s: fails naming the field, stores nothing', async (_name, edit, message) => {
    const r = await spendWith(edit);
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(message);
    expect(rows()).toEqual(baseline);
    expect(await lastRunViaApi(x, 'spend')).toMatchObject({ status: 'failed', error: r.error });
  });

  it('stores an odd-unicode service name as given and serves it intact', async () => {
    const odd = 'Amazon “Lambda” 💥 <img src=x onerror=alert(1)> \u202e\u200b & ünïcödé';
    let account = '';
    const r = await spendWith((g) => {
      account = g.Keys[0]!;
      g.Keys[1] = odd;
    });
    expect(r.status).toBe('ok');
    const stored = rows() as Array<{ service: string }>;
    expect(stored.filter((s) => s.service === odd)).toHaveLength(1);
    expect(stored).toHaveLength(baseline.length); // the renamed cell replaces the original one
    const api = await x.api<{ services: Array<{ service: string }> }>(`/api/spend/daily?account=${account}&from=${START}&to=${TODAY}`);
    expect(api.status).toBe(200);
    expect(api.body.services.map((s) => s.service)).toContain(odd);
    w.proxy.clearRules();
    expect((await runJob(getJob('spend'), x.rt)).status).toBe('ok');
    expect(rows()).toEqual(baseline); // the next clean answer puts the original name back
  });

  it('random amount strings: stored exactly when they are decimals, otherwise a named error and nothing stored', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(fc.string({ maxLength: 12 }), fc.double().map(String), fc.bigInt().map(String), fc.constantFrom('-0', '+1', '1.', '.5', '1e-12', '0x10', ' 7 ')), async (text) => {
      let expected: bigint | undefined;
      try {
        expected = parseAmount(text);
      } catch {
        expected = undefined;
      }
      let cell = { a: '', day: '', service: '' };
      const before = rows();
      const r = await spendWith((g, p) => {
        g.Metrics.UnblendedCost!.Amount = text;
        cell = { a: g.Keys[0]!, day: p.ResultsByTime.find((t) => t.Groups.includes(g))!.TimePeriod!.Start!, service: g.Keys[1]! };
      });
      if (expected === undefined) {
        expect(r.status).toBe('failed');
        expect(r.error).toMatch(/Metrics\.UnblendedCost\.Amount (is not a decimal number|has an absurd exponent|is out of range)/);
        expect(rows()).toEqual(before);
        return;
      }
      expect(r.status, r.error).toBe('ok');
      const got = (rows() as Array<{ account_id: string; day: string; service: string; amount_nano: bigint }>).find((s) => s.account_id === cell.a && s.day === cell.day && s.service === cell.service);
      expect(got?.amount_nano).toBe(expected);
    }), { numRuns: RUNS, seed: 99 });
    w.proxy.clearRules();
    expect((await runJob(getJob('spend'), x.rt)).status).toBe('ok');
    expect(rows()).toEqual(baseline);
  });
});
