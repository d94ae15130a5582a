// Fault injection for the runaway sweep: Lambda 429 TooManyRequestsException on the kill, a kill whose answer is lost
// after Lambda applied it, a kill that never answers (timeout), CloudWatch throttling (400 Throttling) and a Lambda
// 5xx in one account each. The closed loop (RunawaySim) writes the metrics; Warden sees AWS only through the proxy.
// Every runaway in a healthy account is throttled exactly once, the exempt one never, retries stay bounded, the two
// failing accounts are recorded and shown by GET /api/runs, and the next sweep kills nothing twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runawayJob } from '../../jobs/runaway.ts';
import { runJob, type RunReport } from '../../jobs/runner.ts';
import { RunawaySim } from '../support/runaway-sim.ts';
import { SERVER_ERROR, THROTTLE, lastRunViaApi, startWarden, startWorld, trackUnhandledRejections, type Warden, type World } from '../support/faults-world.ts';

const START = Date.parse('2026-03-18T10:00:00Z');
const MAX_ATTEMPTS = 3;
const HOT = { kind: 'steady', rate: 20_000 } as const;
let w: World;
let sim: RunawaySim;
let x: Warden;
let rejections: ReturnType<typeof trackUnhandledRejections>;
/** Account index of each simulated function (the sandboxes are listed in a fixed order). */
const PLACES = { 'hot-429': 0, 'hot-lost': 1, 'hot-hang': 2, 'hot-blind': 3, 'quiet-broken': 4, 'hot-exempt': 5 } as const;
type Key = keyof typeof PLACES;
const account = (k: Key) => w.sandboxes[PLACES[k]]!.id;

beforeAll(async () => {
  rejections = trackUnhandledRejections();
  w = await startWorld();
  sim = new RunawaySim(w.moto.endpoint, START);
  await sim.create((Object.keys(PLACES) as Key[]).map((key) => ({
    key, accountId: account(key), profile: key.startsWith('quiet') ? { kind: 'steady', rate: 5 } : HOT,
    ...(key === 'hot-exempt' ? { tags: { 'warden:exempt': 'true' } } : {}),
  })));
  x = startWarden(w, { aws: { maxAttempts: MAX_ATTEMPTS, requestTimeoutMs: 1000 }, organization: { verifyAccess: false }, runaway: { lookbackMinutes: 10 } }, new Date(START));
});
afterAll(async () => {
  await x?.close();
  sim?.destroy();
  await w?.stop();
});

async function sweep(): Promise<RunReport> {
  const m = await sim.tick();
  x.clock.set(new Date(sim.at(m + 1) + 20_000));
  return runJob(runawayJob, x.rt);
}

const kills = (k: Key) => w.proxy.hits.filter((h) => h.operation === 'PutFunctionConcurrency' && h.account === account(k)).length;
const actionOf = (r: RunReport, k: Key) => (r.findings as Array<{ functionArn: string; detector: string; action: string }>).find((f) => f.functionArn === sim.fn(k).arn && f.detector === 'rate')?.action;

describe('runaway sweep under faults', () => {
  let first: RunReport;

  it('throttles every runaway it can see, once, through 429s, a lost answer and a timeout', async () => {
    const put = { service: 'lambda', operation: 'PutFunctionConcurrency' } as const;
    w.proxy.addRule({ ...put, account: account('hot-429'), times: 1, action: THROTTLE.lambda });
    w.proxy.addRule({ ...put, account: account('hot-lost'), times: 1, action: { kind: 'truncate', bytes: 0, abort: true } });
    w.proxy.addRule({ ...put, account: account('hot-hang'), times: 1, action: { kind: 'hang' } });
    w.proxy.addRule({ service: 'monitoring', operation: 'GetMetricData', account: account('hot-blind'), action: THROTTLE.cloudwatch });
    w.proxy.addRule({ service: 'lambda', operation: 'ListFunctions', account: account('quiet-broken'), action: SERVER_ERROR });
    first = await sweep();

    expect(first.status).toBe('partial');
    for (const k of ['hot-429', 'hot-lost', 'hot-hang'] as const) {
      expect([k, actionOf(first, k), await sim.reservedConcurrency(k), kills(k)]).toEqual([k, 'throttled', 0, 2]);
    }
    expect(actionOf(first, 'hot-exempt')).toBe('exempt');
    expect(await sim.reservedConcurrency('hot-exempt')).toBeUndefined();
    expect(kills('hot-exempt')).toBe(0);
    expect(first.killed).toBe(3);

    // The two failing accounts, each once, after maxAttempts tries of the failing call.
    const errs = new Map(first.errors.map((e) => [e.accountId, e.message]));
    expect([...errs.keys()].sort()).toEqual([account('hot-blind'), account('quiet-broken')].sort());
    expect(errs.get(account('hot-blind'))).toMatch(/throttled after retries \(Throttling\): Rate exceeded/);
    expect(errs.get(account('quiet-broken'))).toContain(`InternalFailure: ${SERVER_ERROR.message}`);
    expect(w.proxy.count('monitoring', 'GetMetricData', account('hot-blind'))).toBe(MAX_ATTEMPTS);
    expect(w.proxy.count('lambda', 'ListFunctions', account('quiet-broken'))).toBe(MAX_ATTEMPTS);
    expect(first.targets).toBe(w.sandboxes.length);
    const shown = await lastRunViaApi(x, 'runaway');
    expect(shown).toMatchObject({ id: first.runId, status: 'partial' });
    expect(shown.errors).toEqual(first.errors);
  });

  it('kills nothing twice on the next sweep, and catches the runaway it could not see before', async () => {
    w.proxy.clearRules();
    const before = new Map((Object.keys(PLACES) as Key[]).map((k) => [k, kills(k)]));
    const second = await sweep();
    expect(second.status).toBe('ok');
    for (const k of ['hot-429', 'hot-lost', 'hot-hang', 'hot-exempt'] as const) expect([k, kills(k) - before.get(k)!]).toEqual([k, 0]);
    expect(actionOf(second, 'hot-blind')).toBe('throttled');
    expect(kills('hot-blind') - before.get('hot-blind')!).toBe(1);
    const throttled = x.rt.repos.runaway.throttles.listThrottled().map((t) => t.functionArn).sort();
    expect(throttled).toEqual((['hot-429', 'hot-lost', 'hot-hang', 'hot-blind'] as const).map((k) => sim.fn(k).arn).sort());
    // One row per function: no failed or abandoned intent left behind by the faults.
    const history = x.rt.repos.runaway.throttles.history();
    expect(history.map((t) => [t.functionArn, t.state]).sort()).toEqual(throttled.map((arn) => [arn, 'throttled']));
    for (const k of ['hot-429', 'hot-lost', 'hot-hang', 'hot-blind'] as const) expect(await sim.reservedConcurrency(k)).toBe(0);
  });

  it('saw no unhandled rejection', () => {
    expect(rejections.stop()).toEqual([]);
  });
});
