import { describe, expect, it } from 'vitest';
import { CHECKS, CHECK_IDS, requiredPermissions } from '../../../jobs/idle/checks/index.ts';
import { enabledChecks, evaluate } from '../../../jobs/idle/evaluate.ts';
import { EBS_GB_MONTH, EC2_HOUR, HOURS_PER_MONTH, inRegion } from '../../../jobs/idle/prices.ts';
import type { Resource } from '../../../jobs/idle/types.ts';
import { parseConfig } from '../../../config/load.ts';
import { fetchLambda } from '../../../jobs/idle/inventory/lambda.ts';
import type { AwsSession } from '../../../aws/clients.ts';
import { LambdaClient } from '@aws-sdk/client-lambda';

const NOW = new Date('2026-06-01T00:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();
const base = { accountId: '111122223333', region: 'us-east-1', tags: {}, name: null, stateSince: daysAgo(0) };
const vol = (id: string, o: Partial<{ sizeGb: number; volumeType: string; state: string; since: number; tags: Record<string, string>; region: string }>): Resource => ({
  ...base, arn: `arn:aws:ec2:us-east-1:1:volume/${id}`, id, type: 'ec2:volume', state: o.state ?? 'available', stateSince: daysAgo(o.since ?? 0), tags: o.tags ?? {}, region: o.region ?? 'us-east-1',
  details: { sizeGb: o.sizeGb ?? 10, volumeType: o.volumeType ?? 'gp3', iops: null, state: o.state ?? 'available', attachedTo: [], createdAt: daysAgo(400) },
});
const opts = { now: NOW, metrics: new Map<string, number | null>(), expiryTagKey: 'expires', ownerTagKeys: ['owner'], accountEmail: 'dev@example.com', fallbackOwner: null };
const defaults = Object.fromEntries(CHECKS.map((c) => [c.id, { ...(c.parameters.parse({}) as object), enabled: true }]));
const run = (rs: Resource[], metrics = new Map<string, number | null>(), cfg = defaults) => evaluate(rs, enabledChecks(CHECKS, cfg), { ...opts, metrics }).findings;

describe('idle checks', () => {
  it('every check declares the shared interface', () => {
    expect(new Set(CHECK_IDS).size).toBe(CHECKS.length);
    for (const c of CHECKS) {
      expect(c.description.length).toBeGreaterThan(10);
      expect(c.permissions.length).toBeGreaterThan(0);
      expect(c.appliesTo.length).toBeGreaterThan(0);
    }
    expect(requiredPermissions()).toContain('tag:GetResources');
  });

  it('ebs-unattached: strictly more than minDays; cost from size and type, scaled by region', () => {
    const f = run([vol('v7', { since: 7 }), vol('v8', { since: 8, sizeGb: 30, region: 'eu-west-1' }), vol('inuse', { since: 30, state: 'in-use' })]);
    expect(f.filter((x) => x.checkId === 'ebs-unattached').map((x) => x.resourceId)).toEqual(['v8']);
    expect(f.find((x) => x.resourceId === 'v8')!.monthlyNano).toBe(inRegion(EBS_GB_MONTH.gp3! * 30n, 'eu-west-1').nano);
    expect(f.find((x) => x.resourceId === 'v8')!.estimate).toBe(true);
  });

  it('a disabled check produces nothing; gp2 waste is the gp2-gp3 difference', () => {
    const r = [vol('g', { volumeType: 'gp2', state: 'in-use', sizeGb: 100 })];
    expect(run(r).map((x) => [x.checkId, x.monthlyNano])).toEqual([['ebs-gp2', (EBS_GB_MONTH.gp2! - EBS_GB_MONTH.gp3!) * 100n]]);
    expect(run(r, new Map(), { ...defaults, 'ebs-gp2': { enabled: false } })).toEqual([]);
  });

  it('expired: a past date is a finding with the resource cost, a malformed value is reported, a future one is nothing', () => {
    const ev = evaluate([vol('past', { state: 'in-use', tags: { expires: '2026-05-01' } }), vol('bad', { state: 'in-use', tags: { expires: 'soon' } }), vol('future', { state: 'in-use', tags: { expires: '2027-01-01' } })], enabledChecks(CHECKS, defaults), opts);
    expect(ev.findings.map((x) => [x.resourceId, x.checkId, x.monthlyNano])).toEqual([['past', 'expired', EBS_GB_MONTH.gp3! * 10n]]);
    expect(ev.badExpiry).toHaveLength(1);
  });

  it('ec2-low-cpu needs data, age and a low average; the cost counts hours and attached volumes', () => {
    const inst = (id: string, launched: number): Resource => ({ ...base, arn: `arn:aws:ec2:us-east-1:1:instance/${id}`, id, type: 'ec2:instance', state: 'running', details: { instanceType: 't3.micro', state: 'running', launchedAt: daysAgo(launched), stateChangedAt: null, volumeIds: ['root'] } });
    const root = vol('root', { state: 'in-use', sizeGb: 8 });
    const m = new Map<string, number | null>([['ec2:cpu:old:7', 2], ['ec2:cpu:busy:7', 40], ['ec2:cpu:young:7', 1], ['ec2:cpu:nodata:7', null]]);
    const f = run([inst('old', 30), inst('busy', 30), inst('young', 3), inst('nodata', 30), root], m).filter((x) => x.checkId === 'ec2-low-cpu');
    expect(f.map((x) => x.resourceId)).toEqual(['old']);
    expect(f[0]!.monthlyNano).toBe(EC2_HOUR['t3.micro']! * HOURS_PER_MONTH + EBS_GB_MONTH.gp3! * 8n);
  });

  it('lambda-no-invocations is hygiene at $0; provisioned concurrency with traffic is not idle', () => {
    const fn = (name: string, provisioned: number): Resource => ({ ...base, arn: `arn:aws:lambda:us-east-1:1:function:${name}`, id: name, type: 'lambda:function', state: 'x', name, details: { name, runtime: null, memoryMb: 1024, architecture: 'x86_64', lastModified: daysAgo(60), provisioned: provisioned ? [{ qualifier: 'live', allocated: provisioned }] : [] } });
    const m = new Map<string, number | null>([['lambda:invocations:busy:7', 5000], ['lambda:invocations:busy:30', 20000]]);
    const f = run([fn('quiet', 0), fn('busy', 3)], m);
    expect(f.map((x) => [x.resourceId, x.checkId, x.monthlyNano])).toEqual([['quiet', 'lambda-no-invocations', 0n]]);
  });

  it('the configuration rejects an unknown check id and lists the valid ones', () => {
    expect(() => parseConfig({ organization: { sandboxOus: ['r-abcd'] }, idle: { checks: { 'ebs-unatached': {} } } }, {})).toThrow(/did you mean "ebs-unattached".*valid keys here: ebs-unattached, ebs-gp2/s);
    expect(() => parseConfig({ organization: { sandboxOus: ['r-abcd'] }, idle: { checks: { 'snapshot-old': { maxAgeDays: 0 } } } }, {})).toThrow(/idle.checks.snapshot-old.maxAgeDays/);
  });
});

describe('a resource deleted between inventory and check', () => {
  it('a function gone before its provisioned-concurrency call is skipped and counted, not an error', async () => {
    const client = new LambdaClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    Object.assign(client, {
      send: async (cmd: { constructor: { name: string }; input: { FunctionName?: string } }) => {
        if (cmd.constructor.name === 'ListFunctionsCommand') return { Functions: [{ FunctionName: 'a', FunctionArn: 'arn:aws:lambda:us-east-1:1:function:a' }, { FunctionName: 'gone', FunctionArn: 'arn:aws:lambda:us-east-1:1:function:gone' }] };
        if (cmd.input.FunctionName === 'gone') throw Object.assign(new Error('Function not found'), { name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } });
        return { ProvisionedConcurrencyConfigs: [] };
      },
    });
    const session = { member: () => client } as unknown as AwsSession;
    const r = await fetchLambda(session, { accountId: '1', region: 'us-east-1', detailConcurrency: 2 });
    expect(r.resources.map((x) => x.id)).toEqual(['a']);
    expect(r.vanished).toBe(1);
  });
});
