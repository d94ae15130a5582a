// The demo's simulated organization: 24 developer sandboxes across three team OUs (one nested), 13 weeks of daily spend,
// idle resources spread over developers, steady Lambda traffic and one live runaway loop.
import { buildOrganization, seedSpendWindow, simulateSpend, type SimOrg } from '../../test/support/org-simulator.ts';
import type { Moto } from '../../test/support/moto.ts';
import { allocateAddress, createLogGroup, createSnapshot, createVolume, memberClients, runInstance } from '../../test/support/idle-sim.ts';
import { RunawaySim } from '../../test/support/runaway-sim.ts';
import { addDays, utcDay } from '../../core/clock.ts';

export interface World {
  org: SimOrg;
  runawayOwner: SimOrg['accounts'][number];
  sim: RunawaySim;
}

type Seeder = Pick<Moto, 'seedCostAndUsage'>;

/** Builds the organization and its spend (queued in Cost Explorer for the backfill and the rolling window). */
export async function buildWorld(endpoint: string, ce: Seeder, simStartMs: number): Promise<World> {
  const org = await buildOrganization(endpoint);
  const today = utcDay(new Date());
  const records = simulateSpend(org, { today, days: 91, seed: 2026 });
  await seedSpendWindow(ce, records, { start: addDays(today, -91), end: today, accounts: org.accounts });
  await seedSpendWindow(ce, records, { start: addDays(today, -14), end: today, accounts: org.accounts });
  const devs = org.accounts.filter((a) => a.kind === 'sandbox' && a.status === 'ACTIVE' && !a.excluded);
  await seedIdle(endpoint, devs.slice(0, 9));
  const runawayOwner = devs.find((a) => a.spendProfile === 'growing') ?? devs[1]!;
  const sim = new RunawaySim(endpoint, simStartMs);
  await sim.create([
    { key: 'image-resizer', accountId: runawayOwner.id, profile: { kind: 'runaway', start: 150 }, memoryMb: 1024, durationMs: 800, tags: { owner: runawayOwner.email }, sqsLoop: true },
    ...devs.slice(0, 6).map((a, i) => ({ key: `api-${i}`, accountId: a.id, profile: { kind: 'steady' as const, rate: 20 + i * 15 }, memoryMb: 256, durationMs: 120 })),
  ]);
  return { org, runawayOwner, sim };
}

/** A few idle resources per developer: gp2 volumes, free Elastic IPs, old snapshots, log groups kept forever, stopped instances. */
async function seedIdle(endpoint: string, devs: SimOrg['accounts']) {
  await Promise.all(devs.map(async (a, i) => {
    const c = await memberClients(endpoint, a.id, 'us-east-1');
    try {
      const vol = await createVolume(c, { sizeGb: 50 + 25 * (i % 4), type: i % 2 ? 'gp2' : 'gp3', tags: { owner: a.email } });
      if (i % 3 === 0) await createSnapshot(c, vol, { owner: a.email, expires: addDays(utcDay(new Date()), -3) });
      if (i % 2 === 0) await allocateAddress(c, { owner: a.email });
      await createLogGroup(c, `/aws/lambda/${a.name}-api`, { owner: a.email });
      if (i % 4 === 1) await runInstance(c, { type: 't3.large', stopped: true, tags: { owner: a.email } });
    } finally {
      c.destroy();
    }
  }));
}
