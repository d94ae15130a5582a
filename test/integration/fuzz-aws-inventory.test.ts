// Lambda, tagging, CloudWatch and EC2 answers rewritten on the way back (the proxy's mutate action): odd unicode in
// function names and tags, an exempt tag with a nonsense value, absurd, negative and non-numeric metric values, a
// listing entry without a name, a volume of absurd size. No crash and no unhandled rejection; the odd names and tags
// are stored exactly as AWS gave them; garbage metric points are rejected (counted), never believed into a kill; a
// function carrying a malformed exempt tag is treated as exempt; a bad EC2 answer is an error for that service only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idleJob } from '../../jobs/idle.ts';
import { runawayJob } from '../../jobs/runaway.ts';
import { runJob, type RunReport } from '../../jobs/runner.ts';
import { createVolume, memberClients, type MemberClients } from '../support/idle-sim.ts';
import { RunawaySim } from '../support/runaway-sim.ts';
import { startWarden, startWorld, trackUnhandledRejections, type Warden, type World } from '../support/faults-world.ts';

const START = Date.parse('2026-03-18T10:00:00Z');
const ODD = 'ünï “cödé” 💥 <script>alert(1)</script> \u202e\u200b';
const HOT = { kind: 'steady', rate: 20_000 } as const;
let w: World;
let sim: RunawaySim;
let x: Warden;
let ec2: MemberClients;
let rejections: ReturnType<typeof trackUnhandledRejections>;
const account = (i: number) => w.sandboxes[i]!.id;

beforeAll(async () => {
  rejections = trackUnhandledRejections();
  w = await startWorld();
  sim = new RunawaySim(w.moto.endpoint, START);
  await sim.create([
    { key: 'tagged', accountId: account(0), profile: HOT },
    { key: 'garbage', accountId: account(1), profile: HOT },
    { key: 'renamed', accountId: account(2), profile: { kind: 'steady', rate: 5 } },
    { key: 'unnamed', accountId: account(2), profile: { kind: 'steady', rate: 5 } },
  ]);
  ec2 = await memberClients(w.moto.endpoint, account(3), 'us-east-1');
  await createVolume(ec2, { sizeGb: 10, type: 'gp2', tags: { Name: 'vol' } });
  x = startWarden(w, { organization: { verifyAccess: false }, runaway: { lookbackMinutes: 10 } }, new Date(START));
});
afterAll(async () => {
  await x?.close();
  ec2?.destroy();
  sim?.destroy();
  await w?.stop();
});

type Tagged = { ResourceTagMappingList: Array<{ ResourceARN: string; Tags: Array<{ Key: string; Value: string }> }> };
type Listed = { Functions: Array<Record<string, unknown>> };
type Metrics = { MetricDataResults: Array<{ Values: unknown[] }> };

async function sweep(): Promise<RunReport> {
  const m = await sim.tick();
  x.clock.set(new Date(sim.at(m + 1) + 20_000));
  return runJob(runawayJob, x.rt);
}

describe('odd and malformed AWS answers', () => {
  it('runaway: stores odd names and tags as given, rejects garbage points, honours a malformed exempt tag', async () => {
    w.proxy.addRule({ service: 'tagging', operation: 'GetResources', account: account(0), action: { kind: 'mutate', transform: (body) => {
      const t = JSON.parse(body) as Tagged;
      // The function has no tags of its own (so AWS would not list it): the answer now lists it with odd ones.
      t.ResourceTagMappingList.push({ ResourceARN: sim.fn('tagged').arn, Tags: [{ Key: 'warden:exempt', Value: '✓ oui' }, { Key: `team ${ODD}`, Value: ODD }, { Key: 'owner', Value: `${ODD}@example.com` }] });
      return JSON.stringify(t);
    } } });
    w.proxy.addRule({ service: 'monitoring', operation: 'GetMetricData', account: account(1), action: { kind: 'mutate', transform: (body) => {
      const r = JSON.parse(body) as Metrics;
      for (const q of r.MetricDataResults) q.Values = q.Values.map((_, i) => [1e300, -5, 'NaN', 'Infinity', 2e9][i % 5]);
      return JSON.stringify(r);
    } } });
    w.proxy.addRule({ service: 'lambda', operation: 'ListFunctions', account: account(2), action: { kind: 'mutate', transform: (body) => {
      const l = JSON.parse(body) as Listed;
      for (const f of l.Functions) {
        if (f.FunctionName === sim.fn('renamed').name) Object.assign(f, { FunctionName: `renamed-${ODD}`, MemorySize: 1e12 });
        else delete f.FunctionName;
      }
      return JSON.stringify(l);
    } } });
    const r = await sweep();
    w.proxy.clearRules();

    expect(r.status, JSON.stringify(r.errors)).toBe('ok');
    const tagged = x.rt.repos.runaway.inventory.get(sim.fn('tagged').arn)!;
    expect(tagged.tags).toMatchObject({ 'warden:exempt': '✓ oui', [`team ${ODD}`]: ODD, owner: `${ODD}@example.com` });
    const rate = (k: string) => (r.findings as Array<{ functionArn: string; detector: string; action: string }>).find((f) => f.functionArn === sim.fn(k).arn && f.detector === 'rate')?.action;
    expect(rate('tagged')).toBe('exempt');
    expect(await sim.reservedConcurrency('tagged')).toBeUndefined();
    const alert = x.rt.repos.alerts.openBySubject(`runaway:${sim.fn('tagged').arn}`)!;
    expect(alert.evidence.exemption).toMatch(/malformed value: treated as exempt/);
    // Garbage points: none believed, so no kill; each one counted.
    expect(r.rejectedPoints).toBeGreaterThan(0);
    expect(rate('garbage')).toBeUndefined();
    expect(await sim.reservedConcurrency('garbage')).toBeUndefined();
    // The listing entry without a name is skipped; the renamed one is stored under its odd name.
    const listed = x.rt.repos.runaway.inventory.list(account(2), 'us-east-1');
    expect(listed.map((f) => f.name)).toEqual([`renamed-${ODD}`]);
    expect(x.rt.repos.runaway.throttles.history()).toEqual([]);
    // The dashboard serves the odd tag values intact (JSON-escaped) in the incident.
    const api = await x.api<{ alerts: Array<{ resource: string; evidence: Record<string, unknown> }> }>('/api/alerts');
    expect(api.status).toBe(200);
    expect(api.body.alerts.find((a) => a.resource === sim.fn('tagged').arn)?.evidence.exemption).toBe(alert.evidence.exemption);
  });

  it('idle: odd tags are stored as given; an absurd or non-numeric volume size is an EC2 error, not a crash', async () => {
    const impossible = (shown: string) => new RegExp(`^ec2: BadResponseError: vol-\\w+ has an impossible size: ${shown} GiB$`);
    const sizes: Array<[string, RegExp | null]> = [['999999999999', impossible('999999999999')], ['ten', impossible('NaN')], ['10', null]];
    for (const [size, error] of sizes) {
      w.proxy.clearRules();
      w.proxy.addRule({ service: 'ec2', operation: 'DescribeVolumes', account: account(3), action: { kind: 'mutate', transform: (xml) =>
        xml.replace(/<size>\d+<\/size>/, `<size>${size}</size>`).replace(/<value>vol<\/value>/, `<value>${ODD.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!)}</value>`) } });
      x.clock.advance(86_400_000);
      const r = await runJob(idleJob, x.rt);
      const errs = r.errors.filter((e) => e.accountId === account(3));
      if (error) {
        expect(r.status).toBe('partial');
        expect(errs.map((e) => e.message), size).toEqual([expect.stringMatching(error)]);
      } else {
        expect(errs).toEqual([]);
        const f = x.rt.repos.idle.findings.listOpen({ now: x.clock.now().toISOString(), accountId: account(3) }).find((y) => y.checkId === 'ebs-gp2')!;
        expect(f.resourceName).toBe(ODD);
      }
    }
    w.proxy.clearRules();
  });

  it('saw no unhandled rejection', () => {
    expect(rejections.stop()).toEqual([]);
  });
});
