// Fault injection for the idle sweep: EC2 RequestLimitExceeded (HTTP 503) in one account, tagging-API throttling
// (400 ThrottledException) in another, AccessDenied on ELBv2 in a third, transient CloudWatch Logs 5xx everywhere.
// The healthy accounts are swept, each failing account is recorded (and shown by GET /api/runs), and no finding is
// lost, closed or duplicated because a listing failed: only types that were listed may close findings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idleJob } from '../../jobs/idle.ts';
import { runJob } from '../../jobs/runner.ts';
import { allocateAddress, createLogGroup, createVolume, memberClients, type MemberClients } from '../support/idle-sim.ts';
import { DENIED, SERVER_ERROR, THROTTLE, lastRunViaApi, startWarden, startWorld, trackUnhandledRejections, type Warden, type World } from '../support/faults-world.ts';

const NOW = new Date();
let w: World;
let x: Warden;
let clients: MemberClients[] = [];
let rejections: ReturnType<typeof trackUnhandledRejections>;
/** Per account with resources: a gp2 volume, a free Elastic IP and a log group kept forever. */
const perAccount = [['ebs-gp2', 'volume'], ['eip-unassociated', 'eip'], ['logs-no-retention', 'logs']] as const;
let resourcesOf: Map<string, Record<string, string>>;

beforeAll(async () => {
  rejections = trackUnhandledRejections();
  w = await startWorld();
  resourcesOf = new Map();
  for (const a of w.sandboxes.slice(0, 3)) {
    const c = await memberClients(w.moto.endpoint, a.id, 'us-east-1');
    clients.push(c);
    const volume = await createVolume(c, { sizeGb: 10, type: 'gp2', tags: { owner: a.email } });
    const eip = (await allocateAddress(c)).allocationId;
    await createLogGroup(c, `/sandbox/${a.name}`);
    resourcesOf.set(a.id, { volume, eip, logs: `/sandbox/${a.name}` });
  }
  x = startWarden(w, { aws: { maxAttempts: 3 }, organization: { verifyAccess: false, accountCacheMinutes: 100_000 } }, NOW);
});
afterAll(async () => {
  await x?.close();
  clients.forEach((c) => c.destroy());
  clients = [];
  await w?.stop();
});

const findingRows = () => x.rt.repos.db.prepare('SELECT id, account_id AS a, resource_id AS r, check_id AS c, state FROM idle_findings ORDER BY id').all();
const openKeys = () => x.rt.repos.idle.findings.listOpen({ now: x.clock.now().toISOString() }).map((f) => `${f.accountId}|${f.resourceId}|${f.checkId}`).sort();
const expectedKeys = () => [...resourcesOf].flatMap(([id, r]) => perAccount.map(([check, kind]) => `${id}|${r[kind]}|${check}`)).sort();

describe('idle sweep under faults', () => {
  let baseline: unknown[];

  it('finds every expected resource through transient EC2 and Logs faults', async () => {
    const ec2 = w.proxy.addRule({ service: 'ec2', every: 3, times: 4, action: THROTTLE.ec2 });
    const logs = w.proxy.addRule({ service: 'logs', operation: 'DescribeLogGroups', times: 2, action: SERVER_ERROR });
    const r = await runJob(idleJob, x.rt);
    w.proxy.clearRules();
    expect(r.errors).toEqual([]);
    expect(r.status).toBe('ok');
    expect([ec2.applied, logs.applied]).toEqual([4, 2]);
    expect(openKeys()).toEqual(expectedKeys());
    baseline = findingRows();
  });

  it('records throttled, denied and unlistable accounts and keeps every finding as it was', async () => {
    const [ec2Down, taggingDown, lbDenied] = w.sandboxes;
    w.proxy.addRule({ service: 'ec2', account: ec2Down!.id, action: THROTTLE.ec2 });
    w.proxy.addRule({ service: 'tagging', operation: 'GetResources', account: taggingDown!.id, action: THROTTLE.tagging });
    w.proxy.addRule({ service: 'elasticloadbalancing', account: lbDenied!.id, action: DENIED });
    const tagCalls = w.proxy.count('tagging', 'GetResources', taggingDown!.id);
    x.clock.advance(86_400_000);
    const r = await runJob(idleJob, x.rt);
    w.proxy.clearRules();

    expect(r.status).toBe('partial');
    const errs = r.errors.map((e) => [e.accountId, e.message]).sort();
    expect(errs).toEqual([
      [ec2Down!.id, expect.stringMatching(/^ec2: throttled after retries \(RequestLimitExceeded\): Request limit exceeded\.$/)],
      [taggingDown!.id, 'tagging: throttled after retries (ThrottledException): Rate exceeded'],
      [lbDenied!.id, expect.stringMatching(/^elbv2: access denied \(AccessDenied\)/)],
    ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    expect(w.proxy.count('tagging', 'GetResources', taggingDown!.id) - tagCalls).toBe(3);
    expect(r.targets).toBe(w.sandboxes.length);
    // Nothing closed, reopened or duplicated: the rows are exactly those of the healthy sweep.
    expect(findingRows()).toEqual(baseline);
    expect(openKeys()).toEqual(expectedKeys());
    const shown = await lastRunViaApi(x, 'idle');
    expect(shown).toMatchObject({ id: r.runId, status: 'partial' });
    expect(shown.errors).toEqual(r.errors);
  });

  it('sweeps cleanly afterwards with the same finding rows', async () => {
    x.clock.advance(86_400_000);
    const r = await runJob(idleJob, x.rt);
    expect(r.status).toBe('ok');
    expect(findingRows()).toEqual(baseline);
  });

  it('saw no unhandled rejection', () => {
    expect(rejections.stop()).toEqual([]);
  });
});
