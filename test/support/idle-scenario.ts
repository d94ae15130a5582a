// The idle scenario shared by the idle and notify integration tests: two sandbox developers' accounts over three
// regions plus a third developer who only appears in an owner tag. `expected` lists the findings the checks must
// produce on the first sweep (32 days after the resources were created), with costs from the documented price table.
import { HOURS_PER_MONTH, EBS_GB_MONTH, EC2_HOUR, LAMBDA_PC_GB_MONTH, LOAD_BALANCER_HOUR, NAT_GATEWAY_HOUR, PUBLIC_IPV4_HOUR, SNAPSHOT_GB_MONTH, inRegion } from '../../jobs/idle/prices.ts';
import { buildOrganization, type SimOrg } from './org-simulator.ts';
import {
  allocateAddress, createFunction, createLoadBalancer, createLogGroup, createNatGateway, createSnapshot, createUnknownTypeResource,
  createVolume, memberClients, runInstance, seedDaily, type MemberClients,
} from './idle-sim.ts';

export const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1'];
export const ANA = 'ana.silva@example.com';
export const BRUNO = 'bruno.costa@example.com';
export const CHEN = 'chen.wei@example.com';
export const DAY = 86_400_000;
/** Sweeps run this long after the resources were created, so every age threshold but the volumes' is met. */
export const FIRST_SWEEP_AFTER_DAYS = 32;

export interface ExpectedFinding { accountId: string; region: string; resourceId: string; check: string; owners: string[]; nano: bigint }

export interface Scenario {
  org: SimOrg;
  ana: string;
  bruno: string;
  clients: Map<string, MemberClients>;
  expected: ExpectedFinding[];
  /** Available volumes: the ebs-unattached check reports them once Warden has seen them unattached > 7 days. */
  unattachedVolumes: Array<{ accountId: string; region: string; id: string; sizeGb: number; type: 'gp2' | 'gp3'; owners: string[] }>;
  eipToRelease: { accountId: string; region: string; allocationId: string };
  unknownTypes: number;
  seedCpu(now: Date): Promise<void>;
  destroy(): void;
}

const gb = (type: 'gp2' | 'gp3', size: number) => EBS_GB_MONTH[type]! * BigInt(size);
const at = (nano: bigint, region: string) => inRegion(nano, region).nano;

export async function buildIdleScenario(endpoint: string, awsEndpoint: string, firstSweep: Date): Promise<Scenario> {
  const org = await buildOrganization(endpoint, {
    sandboxOuPath: 'Root/Sandboxes',
    ous: [
      { name: 'Sandboxes', accounts: [{ name: 'sandbox-ana', email: ANA }, { name: 'sandbox-bruno', email: BRUNO }] },
      { name: 'Production', accounts: [{ name: 'prod', email: 'prod@example.com' }] },
    ],
  });
  const ana = org.accounts.find((a) => a.email === ANA)!.id;
  const bruno = org.accounts.find((a) => a.email === BRUNO)!.id;
  const clients = new Map<string, MemberClients>();
  for (const id of [ana, bruno]) for (const r of REGIONS) clients.set(`${id}|${r}`, await memberClients(awsEndpoint, id, r));
  const c = (id: string, r: string) => clients.get(`${id}|${r}`)!;
  const expected: ExpectedFinding[] = [];
  const unattachedVolumes: Scenario['unattachedVolumes'] = [];
  const exp = (accountId: string, region: string, resourceId: string, check: string, owners: string[], nano: bigint) => expected.push({ accountId, region, resourceId, check, owners, nano });

  // Ana, us-east-1: an unattached volume, a free Elastic IP, a log group kept forever, an idle provisioned function, a busy one.
  const [e1] = [c(ana, 'us-east-1')];
  const volA1 = await createVolume(e1!, { sizeGb: 100, type: 'gp3' });
  unattachedVolumes.push({ accountId: ana, region: 'us-east-1', id: volA1, sizeGb: 100, type: 'gp3', owners: [ANA] });
  const eipA1 = await allocateAddress(e1!);
  exp(ana, 'us-east-1', eipA1.allocationId, 'eip-unassociated', [ANA], PUBLIC_IPV4_HOUR * HOURS_PER_MONTH);
  await createLogGroup(e1!, '/sandbox/ana/app');
  exp(ana, 'us-east-1', '/sandbox/ana/app', 'logs-no-retention', [ANA], 0n);
  await createFunction(e1!, { name: 'ana-api', memoryMb: 512, provisioned: 2 });
  exp(ana, 'us-east-1', 'ana-api', 'lambda-provisioned-idle', [ANA], (LAMBDA_PC_GB_MONTH.x86_64! * 2n * 512n) / 1024n);
  exp(ana, 'us-east-1', 'ana-api', 'lambda-no-invocations', [ANA], 0n);
  await createFunction(e1!, { name: 'ana-busy' });
  await seedDaily(e1!, { namespace: 'AWS/Lambda', metric: 'Invocations', dimensions: { FunctionName: 'ana-busy' }, value: 50, days: 30, now: firstSweep });

  // Ana, us-west-2: a NAT gateway without traffic, a gp2 volume tagged with her address.
  const w2 = c(ana, 'us-west-2');
  const nat = await createNatGateway(w2);
  exp(ana, 'us-west-2', nat, 'nat-idle', [ANA], at(NAT_GATEWAY_HOUR * HOURS_PER_MONTH, 'us-west-2'));
  const volA2 = await createVolume(w2, { sizeGb: 50, type: 'gp2', tags: { owner: ANA } });
  exp(ana, 'us-west-2', volA2, 'ebs-gp2', [ANA], at((EBS_GB_MONTH.gp2! - EBS_GB_MONTH.gp3!) * 50n, 'us-west-2'));
  unattachedVolumes.push({ accountId: ana, region: 'us-west-2', id: volA2, sizeGb: 50, type: 'gp2', owners: [ANA] });

  // Ana, eu-west-1: a load balancer with no targets, a snapshot (older than the 30-day threshold set in the test config).
  const eu = c(ana, 'eu-west-1');
  const lb = await createLoadBalancer(eu, 'ana-alb');
  exp(ana, 'eu-west-1', lb, 'lb-no-targets', [ANA], at(LOAD_BALANCER_HOUR.application! * HOURS_PER_MONTH, 'eu-west-1'));
  const volA3 = await createVolume(eu, { sizeGb: 20, type: 'gp3' });
  unattachedVolumes.push({ accountId: ana, region: 'eu-west-1', id: volA3, sizeGb: 20, type: 'gp3', owners: [ANA] });
  const snap = await createSnapshot(eu, volA3);
  exp(ana, 'eu-west-1', snap, 'snapshot-old', [ANA], at(SNAPSHOT_GB_MONTH * 20n, 'eu-west-1'));

  // Bruno, us-east-1: an Elastic IP tagged for Ana, a volume whose owner tag is not an email, a quiet instance shared
  // by Ana and Chen, a stopped instance, an expired volume, one with a malformed expiry, and a queue (unknown type).
  const b1 = c(bruno, 'us-east-1');
  const eipB1 = await allocateAddress(b1, { owner: ANA });
  exp(bruno, 'us-east-1', eipB1.allocationId, 'eip-unassociated', [ANA], PUBLIC_IPV4_HOUR * HOURS_PER_MONTH);
  const volB1 = await createVolume(b1, { sizeGb: 10, type: 'gp3', tags: { owner: 'bob' } });
  unattachedVolumes.push({ accountId: bruno, region: 'us-east-1', id: volB1, sizeGb: 10, type: 'gp3', owners: [BRUNO] });
  const quiet = await runInstance(b1, { type: 't3.micro', tags: { Owner: `${ANA}; ${CHEN}` } });
  exp(bruno, 'us-east-1', quiet.instanceId, 'ec2-low-cpu', [ANA, CHEN], EC2_HOUR['t3.micro']! * HOURS_PER_MONTH + gb('gp3', 8) * BigInt(quiet.volumeIds.length));
  const stopped = await runInstance(b1, { type: 't3.small', stopped: true });
  exp(bruno, 'us-east-1', stopped.instanceId, 'ec2-stopped', [BRUNO], gb('gp3', 8) * BigInt(stopped.volumeIds.length));
  const volB2 = await createVolume(b1, { sizeGb: 5, type: 'gp3', tags: { expires: '2020-01-01' } });
  exp(bruno, 'us-east-1', volB2, 'expired', [BRUNO], gb('gp3', 5));
  unattachedVolumes.push({ accountId: bruno, region: 'us-east-1', id: volB2, sizeGb: 5, type: 'gp3', owners: [BRUNO] });
  const volB3 = await createVolume(b1, { sizeGb: 5, type: 'gp3', tags: { expires: 'soon' } });
  unattachedVolumes.push({ accountId: bruno, region: 'us-east-1', id: volB3, sizeGb: 5, type: 'gp3', owners: [BRUNO] });
  await createUnknownTypeResource(b1, 'bruno-queue');

  const seedCpu = (now: Date) => seedDaily(b1, { namespace: 'AWS/EC2', metric: 'CPUUtilization', dimensions: { InstanceId: quiet.instanceId }, value: 1.5, days: 7, now, unit: 'Percent' });
  await seedCpu(firstSweep);
  return {
    org, ana, bruno, clients, expected, unattachedVolumes, unknownTypes: 1, seedCpu,
    eipToRelease: { accountId: ana, region: 'us-east-1', allocationId: eipA1.allocationId },
    destroy: () => clients.forEach((x) => x.destroy()),
  };
}
