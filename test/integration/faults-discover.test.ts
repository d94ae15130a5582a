// Fault injection for discover: Organizations throttling (400 TooManyRequestsException), STS throttling, 5xx,
// connection resets, timeouts, AccessDenied and a wrong or truncated answer, through the fault proxy in front of moto.
// Every healthy account is covered, retries stay bounded, each failing account is recorded in job_runs and shown by
// GET /api/runs, the account table keeps every row, and nothing is rejected unhandled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJob } from '../../jobs/index.ts';
import { runJob } from '../../jobs/runner.ts';
import { DENIED, SERVER_ERROR, THROTTLE, lastRunViaApi, startWarden, startWorld, trackUnhandledRejections, type Warden, type World } from '../support/faults-world.ts';

const MAX_ATTEMPTS = 3;
let w: World;
let rejections: ReturnType<typeof trackUnhandledRejections>;
const open: Warden[] = [];

beforeAll(async () => {
  rejections = trackUnhandledRejections();
  w = await startWorld();
});
afterAll(async () => {
  for (const x of open) await x.close();
  await w?.stop();
});

function warden(extra: Record<string, unknown> = {}): Warden {
  const x = startWarden(w, { aws: { maxAttempts: MAX_ATTEMPTS, requestTimeoutMs: 400 }, ...extra });
  open.push(x);
  return x;
}

const ids = (accounts: Array<{ id: string }>) => accounts.map((a) => a.id).sort();

describe('discover under faults', () => {
  it('retries Organizations throttling and a 5xx and finds every sandbox', async () => {
    w.proxy.clearRules();
    const throttled = w.proxy.addRule({ service: 'organizations', operation: 'ListAccountsForParent', times: 2, action: THROTTLE.organizations });
    const failed = w.proxy.addRule({ service: 'organizations', operation: 'ListOrganizationalUnitsForParent', times: 1, action: SERVER_ERROR });
    const before = w.proxy.count('organizations', 'ListAccountsForParent');
    const x = warden({ organization: { verifyAccess: false } });
    const r = await runJob(getJob('discover'), x.rt);
    expect(r.status).toBe('ok');
    expect(ids(r.accounts as Array<{ id: string }>)).toEqual(ids(w.org.accounts.filter((a) => a.kind === 'sandbox' && !a.excluded)));
    expect([throttled.applied, failed.applied]).toEqual([2, 1]);
    // One call per OU walked (Sandboxes, Team A, Team B), plus exactly the two retried ones.
    expect(w.proxy.count('organizations', 'ListAccountsForParent') - before).toBe(3 + 2);
    expect(r.apiCalls['organizations:ListAccountsForParent']).toBe(3);
  });

  it('records each failing account (throttled, reset, timed out, denied, wrong identity) and checks the others', async () => {
    w.proxy.clearRules();
    const [throttled, reset, slow, denied, wrong, flaky] = w.sandboxes;
    w.proxy.addRule({ service: 'sts', operation: 'AssumeRole', account: throttled!.id, action: THROTTLE.sts });
    w.proxy.addRule({ service: 'sts', operation: 'AssumeRole', account: reset!.id, action: { kind: 'reset' } });
    w.proxy.addRule({ service: 'sts', operation: 'GetCallerIdentity', account: slow!.id, action: { kind: 'hang' } });
    w.proxy.addRule({ service: 'sts', operation: 'AssumeRole', account: denied!.id, action: DENIED });
    w.proxy.addRule({ service: 'sts', operation: 'GetCallerIdentity', account: wrong!.id, action: { kind: 'mutate', transform: (xml) => xml.replace(/<Account>\d{12}<\/Account>/, '<Account>999999999999</Account>') } });
    const once = w.proxy.addRule({ service: 'sts', operation: 'GetCallerIdentity', account: flaky!.id, times: 1, action: SERVER_ERROR });
    const hitsBefore = (op: string, id: string) => w.proxy.count('sts', op, id);
    const before = new Map(w.sandboxes.map((a) => [a.id, [hitsBefore('AssumeRole', a.id), hitsBefore('GetCallerIdentity', a.id)]]));
    const x = warden();
    const r = await runJob(getJob('discover'), x.rt);

    expect(r.status).toBe('partial');
    expect(r.access).toEqual({ ok: 1, failed: 4 + 1 });
    const byAccount = new Map(r.errors.map((e) => [e.accountId, e.message]));
    expect([...byAccount.keys()].sort()).toEqual(ids([throttled!, reset!, slow!, denied!, wrong!]));
    expect(byAccount.get(throttled!.id)).toMatch(/throttled after retries \(Throttling\): Rate exceeded/);
    expect(byAccount.get(reset!.id)).toMatch(/^cannot assume .*: endpoint unreachable \(\w+\): socket hang up$/);
    expect(byAccount.get(slow!.id)).toMatch(/^sts:GetCallerIdentity as the member role: endpoint unreachable \(TimeoutError\): .*exceeded the configured 400 ms requestTimeout/);
    expect(byAccount.get(denied!.id)).toMatch(/access denied \(AccessDenied\)/);
    expect(byAccount.get(wrong!.id)).toBe(`assumed role reports account 999999999999, expected ${wrong!.id}`);
    expect(once.applied).toBe(1);
    expect(x.rt.repos.accounts.get(flaky!.id)?.access).toBe('ok');
    expect(x.rt.repos.accounts.get(denied!.id)?.access).toBe('denied');

    // Bounded retries: at most maxAttempts per call and account.
    const delta = (op: string, a: { id: string }, i: number) => hitsBefore(op, a.id) - before.get(a.id)![i]!;
    expect(delta('AssumeRole', throttled!, 0)).toBe(MAX_ATTEMPTS);
    expect(delta('AssumeRole', reset!, 0)).toBe(MAX_ATTEMPTS);
    expect(delta('GetCallerIdentity', slow!, 1)).toBe(MAX_ATTEMPTS);
    expect(delta('AssumeRole', denied!, 0)).toBe(1); // access denied is not retried
    expect(delta('GetCallerIdentity', flaky!, 1)).toBe(2);

    // The same errors in job_runs and through the API the Health page reads.
    const stored = x.rt.repos.jobRuns.recent(1, 'discover')[0]!;
    expect(stored.status).toBe('partial');
    expect(stored.errors).toEqual(r.errors);
    const shown = await lastRunViaApi(x, 'discover');
    expect(shown).toMatchObject({ id: r.runId, status: 'partial' });
    expect(shown.errors).toEqual(r.errors);
  });

  it('fails clearly on a truncated or fieldless Organizations answer and keeps the accounts it knew', async () => {
    w.proxy.clearRules();
    const x = warden({ organization: { verifyAccess: false, accountCacheMinutes: 0 } });
    expect((await runJob(getJob('discover'), x.rt)).status).toBe('ok');
    const known = x.rt.repos.accounts.list();
    const cut = w.proxy.addRule({ service: 'organizations', operation: 'ListAccountsForParent', times: 1, action: { kind: 'truncate' } });
    const truncated = await runJob(getJob('discover'), x.rt);
    expect(cut.applied).toBe(1);
    expect(truncated.status).toBe('failed');
    expect(truncated.error).toMatch(/^organizations:ListAccountsForParent returned a malformed response: .*JSON/);
    w.proxy.addRule({ service: 'organizations', operation: 'DescribeOrganization', times: 1, action: { kind: 'mutate', transform: () => '{"Organization":{}}' } });
    const empty = await runJob(getJob('discover'), x.rt);
    expect(empty.status).toBe('failed');
    expect(empty.error).toBe('DescribeOrganization returned no management account id');
    expect(x.rt.repos.accounts.list()).toEqual(known);
    const shown = await lastRunViaApi(x, 'discover');
    expect(shown).toMatchObject({ status: 'failed', error: empty.error });
  });

  it('saw no unhandled rejection', () => {
    expect(rejections.stop()).toEqual([]);
  });
});
