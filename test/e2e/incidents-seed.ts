// Real incidents for the dashboard scenario: two runaway Lambda functions in moto (closed loop, test/support/runaway-sim.ts)
// killed by the real runaway job on the scenario's clock, and idle findings stored through the idle repository.
import { runawayJob } from '../../jobs/runaway.ts';
import { runJob } from '../../jobs/runner.ts';
import { RunawaySim, type SimFunctionSpec } from '../support/runaway-sim.ts';
import type { Scenario } from './seed.ts';

export interface Runaways {
  sim: RunawaySim;
  /** In the developer's account, reserved concurrency 5 before the kill. */
  mine: { key: string; arn: string; reserved: number };
  /** In another account, no reservation before the kill. */
  theirs: { key: string; arn: string; accountId: string };
}

export async function killRunaways(s: Scenario, maxMinutes = 20): Promise<Runaways> {
  const other = s.sandboxes.find((a) => a.status === 'ACTIVE' && a.id !== s.developerAccount.id && a.spendProfile === 'normal')!;
  const specs: SimFunctionSpec[] = [
    { key: 'image-resizer', accountId: s.developerAccount.id, profile: { kind: 'runaway', start: 4 }, reservedConcurrency: 5 },
    { key: 'queue-replayer', accountId: other.id, profile: { kind: 'runaway', start: 2 } },
  ];
  const sim = new RunawaySim(s.moto.endpoint, s.clock.now().getTime());
  await sim.create(specs);
  const arns = specs.map((x) => sim.fn(x.key).arn);
  for (let m = 0; m < maxMinutes; m++) {
    await sim.tick();
    s.clock.set(new Date(sim.at(m + 1) + 20_000));
    const report = await runJob(runawayJob, s.rt);
    if (report.status === 'failed') throw new Error(`runaway sweep failed: ${report.error}`);
    const throttled = new Set(s.rt.repos.runaway.throttles.listThrottled().map((t) => t.functionArn));
    if (arns.every((a) => throttled.has(a))) {
      return { sim, mine: { key: specs[0]!.key, arn: arns[0]!, reserved: 5 }, theirs: { key: specs[1]!.key, arn: arns[1]!, accountId: other.id } };
    }
  }
  throw new Error(`the runaways were not both throttled within ${maxMinutes} simulated minutes`);
}

/** Three open idle findings: two owned by the developer (one in another account, tagged to them), one by someone else. */
export function seedIdleFindings(s: Scenario): void {
  const now = s.clock.now().toISOString();
  const other = s.sandboxes.find((a) => a.status === 'ACTIVE' && a.id !== s.developerAccount.id)!;
  const f = (accountId: string, n: number, owner: string, type: string, usd: bigint) => ({
    arn: `arn:aws:ec2:us-east-1:${accountId}:volume/vol-0${n}`, checkId: type === 'ebs-volume' ? 'unattached-volume' : 'unused-eip', accountId, region: 'us-east-1',
    resourceType: type, resourceId: `vol-0${n}`, resourceName: `scratch-${n}`, owners: [owner], ownerRule: 'tag' as const, ownerNote: 'owner tag',
    monthlyNano: usd * 1_000_000_000n, estimate: false, costBasis: 'list price', reason: `unattached for ${10 + n} days`, evidence: {}, command: `aws ec2 delete-volume --volume-id vol-0${n}`,
  });
  s.rt.repos.idle.findings.sync(s.developerAccount.id, 'us-east-1', ['ebs-volume'], [f(s.developerAccount.id, 1, s.developerAccount.email, 'ebs-volume', 8n)], now);
  s.rt.repos.idle.findings.sync(other.id, 'us-east-1', ['ebs-volume'], [f(other.id, 2, other.email, 'ebs-volume', 40n), f(other.id, 3, s.developerAccount.email, 'ebs-volume', 4n)], now);
}
