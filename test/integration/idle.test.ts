// Idle job against moto: inventory over two sandbox accounts × three regions, the checks, owners, first/last seen,
// findings that close by themselves, unknown types, malformed tags, a resource deleted mid-sweep, nothing deleted.
import { DescribeVolumesCommand, ReleaseAddressCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJob } from '../../jobs/runner.ts';
import { idleJob } from '../../jobs/idle.ts';
import { formatAmount } from '../../core/money.ts';
import { EBS_GB_MONTH, inRegion } from '../../jobs/idle/prices.ts';
import type { Runtime } from '../../cli/bootstrap.ts';
import type { ManualClock } from '../../core/clock.ts';
import { startMoto, type Moto } from '../support/moto.ts';
import { startPcProxy, type PcProxy } from '../support/idle-sim-pc.ts';
import { createFunction, deleteFunction } from '../support/idle-sim.ts';
import { idleRuntime } from '../support/idle-runtime.ts';
import { ANA, BRUNO, DAY, FIRST_SWEEP_AFTER_DAYS, REGIONS, buildIdleScenario, type Scenario } from '../support/idle-scenario.ts';

let moto: Moto;
let pc: PcProxy;
let sc: Scenario;
let rt: Runtime;
let clock: ManualClock;
const created = Date.now();
const T1 = new Date(created + FIRST_SWEEP_AFTER_DAYS * DAY);

beforeAll(async () => {
  moto = await startMoto();
  pc = await startPcProxy(moto.endpoint);
  sc = await buildIdleScenario(moto.endpoint, pc.endpoint, T1);
  ({ rt, clock } = idleRuntime({
    awsEndpoint: pc.endpoint, sandboxOu: sc.org.sandboxOuId, regions: REGIONS, smtpPort: 9, start: T1,
    idle: { checks: { 'snapshot-old': { maxAgeDays: 30 } } },
  }));
});
afterAll(async () => {
  rt?.close();
  sc?.destroy();
  await pc?.stop();
  await moto?.stop();
});

const keyOf = (f: { accountId: string; region: string; check: string }, id: string) => `${f.accountId}|${f.region}|${id}|${f.check}`;

describe('idle job against the emulator', () => {
  let first: Awaited<ReturnType<typeof runJob>>;

  it('finds exactly the scenario findings with owners and costs', async () => {
    // A function listed by ListFunctions but deleted before Warden asks for its provisioned concurrency.
    await createFunction(sc.clients.get(`${sc.bruno}|us-east-1`)!, { name: 'bruno-gone' });
    pc.beforeList = async (fn) => {
      if (fn === 'bruno-gone') await deleteFunction(sc.clients.get(`${sc.bruno}|us-east-1`)!, fn);
    };
    first = await runJob(idleJob, rt);
    pc.beforeList = undefined;
    expect(first.errors).toEqual([]);
    expect(first.status).toBe('ok');
    const rows = rt.repos.idle.findings.listOpen({ now: clock.now().toISOString() });
    const got = new Map(rows.map((f) => [keyOf({ ...f, check: f.checkId }, f.resourceId), f]));
    const want = new Map(sc.expected.map((e) => [keyOf(e, e.resourceId), e]));
    // The load balancer's id is its ARN; compare by key sets first so a miss names the finding.
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [k, e] of want) {
      const f = got.get(k)!;
      expect({ k, owners: f.owners, nano: f.monthlyNano }).toEqual({ k, owners: e.owners, nano: e.nano });
    }
    const report = first.findings as Array<{ accountId: string; region: string; arn: string; check: string; owner: string | null; monthlyUsd: string }>;
    expect(report).toHaveLength(sc.expected.length);
    const total = sc.expected.reduce((a, e) => a + e.nano, 0n);
    expect(first.totalMonthlyUsd).toBe(formatAmount(total, 2));
    for (const r of report) expect(r.monthlyUsd).toBe(formatAmount(got.get(keyOf(r, rows.find((x) => x.arn === r.arn && x.checkId === r.check)!.resourceId))!.monthlyNano, 2));
  });

  it('explains which rule picked the owner, including an owner tag that is not an email', () => {
    const rows = rt.repos.idle.findings.listOpen({ now: clock.now().toISOString() });
    const eipB = rows.find((f) => f.accountId === sc.bruno && f.checkId === 'eip-unassociated')!;
    expect(eipB).toMatchObject({ ownerRule: 'tag', owners: [ANA] });
    const stopped = rows.find((f) => f.checkId === 'ec2-stopped')!;
    expect(stopped).toMatchObject({ ownerRule: 'account-email', owners: [BRUNO] });
    expect(rows.find((f) => f.checkId === 'ec2-low-cpu')!.ownerNote).toBe('from tag Owner');
  });

  it('counts unknown types, the vanished function and the malformed expiry tag; the tagging duplicates do not double anything', () => {
    expect(first.ignoredResources).toMatchObject({ count: sc.unknownTypes });
    expect(Object.keys((first.ignoredResources as { byType: object }).byType)).toContain('sqs');
    expect(first.vanished).toBe(1);
    expect(first.malformedTags).toBe(1);
    const arns = rt.repos.idle.resources.list().map((r) => r.arn);
    expect(new Set(arns).size).toBe(arns.length);
  });

  it('calls only read APIs: nothing is deleted or changed in AWS', async () => {
    const writes = Object.keys(first.apiCalls).filter((k) => /:(Delete|Terminate|Release|Modify|Put|Stop|Update|Create|Detach)/.test(k));
    expect(writes).toEqual([]);
    const vols = await sc.clients.get(`${sc.bruno}|us-east-1`)!.ec2.send(new DescribeVolumesCommand({}));
    expect(vols.Volumes!.map((v) => v.VolumeId)).toEqual(expect.arrayContaining(sc.unattachedVolumes.filter((v) => v.accountId === sc.bruno).map((v) => v.id)));
  });

  it('a week later: volumes unattached > 7 days appear, a released address closes its finding, first-seen stays', async () => {
    const before = new Map(rt.repos.idle.findings.listOpen({ now: clock.now().toISOString() }).map((f) => [f.id, f]));
    const rel = sc.eipToRelease;
    await sc.clients.get(`${rel.accountId}|${rel.region}`)!.ec2.send(new ReleaseAddressCommand({ AllocationId: rel.allocationId }));
    clock.advance(8 * DAY);
    await sc.seedCpu(clock.now());
    const second = await runJob(idleJob, rt);
    expect(second.status).toBe('ok');
    const rows = rt.repos.idle.findings.listOpen({ now: clock.now().toISOString() });
    const unattached = rows.filter((f) => f.checkId === 'ebs-unattached');
    expect(unattached.map((f) => f.resourceId).sort()).toEqual(sc.unattachedVolumes.map((v) => v.id).sort());
    for (const v of sc.unattachedVolumes) {
      const f = unattached.find((x) => x.resourceId === v.id)!;
      expect(f.monthlyNano).toBe(inRegion(EBS_GB_MONTH[v.type]! * BigInt(v.sizeGb), v.region).nano);
      expect(f.owners).toEqual(v.owners);
    }
    expect(second.closed).toBe(1);
    const closed = rt.repos.idle.findings.get([...before.values()].find((f) => f.resourceId === rel.allocationId)!.id)!;
    expect(closed).toMatchObject({ state: 'closed', closedAt: clock.now().toISOString() });
    const gone = rt.repos.idle.resources.list({ liveOnly: false }).find((r) => r.id === rel.allocationId)!;
    expect(gone.goneAt).toBe(clock.now().toISOString());
    for (const f of rows.filter((x) => before.has(x.id))) {
      expect(f.firstSeen).toBe(before.get(f.id)!.firstSeen);
      expect(f.lastSeen).toBe(clock.now().toISOString());
    }
    expect(rows.length).toBe(before.size - 1 + sc.unattachedVolumes.length);
  });
});
