import { formatCents } from '../../core/money.ts';
import type { MonthlyCost, Resource, ResourceOf } from './types.ts';
import {
  EBS_GB_MONTH, EBS_IOPS_MONTH, EC2_HOUR, GB, HOURS_PER_MONTH, LAMBDA_PC_GB_MONTH, LOAD_BALANCER_HOUR, LOGS_GB_MONTH,
  NAT_GATEWAY_HOUR, PUBLIC_IPV4_HOUR, SNAPSHOT_GB_MONTH, inRegion,
} from './prices.ts';

const ZERO: MonthlyCost = { nano: 0n, estimate: false, basis: 'no running cost' };

function cost(region: string, nanoUsEast1: bigint, basis: string, estimate = false): MonthlyCost {
  const r = inRegion(nanoUsEast1, region);
  return { nano: r.nano, estimate: estimate || r.estimate, basis: r.estimate ? `${basis}, scaled by the ${region} price factor` : basis };
}

export function volumeCost(v: ResourceOf<'ec2:volume'>): MonthlyCost {
  const d = v.details;
  const perGb = EBS_GB_MONTH[d.volumeType];
  if (perGb === undefined) return { ...cost(v.region, EBS_GB_MONTH.gp2! * BigInt(d.sizeGb), `${d.sizeGb} GB priced as gp2 (unknown type ${d.volumeType})`, true) };
  const iops = (d.volumeType === 'io1' || d.volumeType === 'io2') && d.iops ? BigInt(d.iops) * EBS_IOPS_MONTH : 0n;
  return cost(v.region, perGb * BigInt(d.sizeGb) + iops, `${d.sizeGb} GB ${d.volumeType} at $${formatCents(perGb)}/GB-month${iops ? ` + ${d.iops} IOPS` : ''}`);
}

export function instanceHourly(instanceType: string): bigint | undefined {
  return EC2_HOUR[instanceType];
}

/** What a resource costs per month while it exists, from the price table. */
export function monthlyCost(r: Resource, find: (id: string) => ResourceOf<'ec2:volume'> | undefined): MonthlyCost {
  switch (r.type) {
    case 'ec2:volume':
      return volumeCost(r);
    case 'ec2:snapshot':
      return cost(r.region, SNAPSHOT_GB_MONTH * BigInt(r.details.sizeGb), `${r.details.sizeGb} GB at $0.05/GB-month (full volume size: an upper bound, snapshots are incremental)`, true);
    case 'ec2:elastic-ip':
      return cost(r.region, PUBLIC_IPV4_HOUR * HOURS_PER_MONTH, 'public IPv4 at $0.005/hour × 730 h');
    case 'ec2:natgateway':
      return cost(r.region, NAT_GATEWAY_HOUR * HOURS_PER_MONTH, 'NAT gateway at $0.045/hour × 730 h (data processing not counted)');
    case 'elasticloadbalancing:loadbalancer': {
      const hourly = LOAD_BALANCER_HOUR[r.details.kind] ?? LOAD_BALANCER_HOUR.application!;
      return cost(r.region, hourly * HOURS_PER_MONTH, `${r.details.kind} load balancer at $${hourly === LOAD_BALANCER_HOUR.classic ? '0.025' : '0.0225'}/hour × 730 h (capacity units not counted)`);
    }
    case 'ec2:instance':
      return instanceCost(r, find, r.details.state === 'running');
    case 'lambda:function': {
      const perGb = LAMBDA_PC_GB_MONTH[r.details.architecture] ?? LAMBDA_PC_GB_MONTH.x86_64!;
      const units = r.details.provisioned.reduce((a, p) => a + p.allocated, 0);
      if (!units) return ZERO;
      return cost(r.region, (perGb * BigInt(units) * BigInt(r.details.memoryMb)) / 1024n, `${units} provisioned × ${r.details.memoryMb} MB (${r.details.architecture})`);
    }
    case 'logs:log-group': {
      const nano = (LOGS_GB_MONTH * BigInt(r.details.storedBytes)) / BigInt(GB);
      return cost(r.region, nano, `${r.details.storedBytes} bytes stored at $0.03/GB-month`);
    }
  }
}

/** Attached volumes always bill; instance hours only while running. Unknown instance types count volumes only. */
export function instanceCost(r: ResourceOf<'ec2:instance'>, find: (id: string) => ResourceOf<'ec2:volume'> | undefined, running: boolean): MonthlyCost {
  let nano = 0n;
  let estimate = false;
  const parts: string[] = [];
  if (running) {
    const hourly = instanceHourly(r.details.instanceType);
    if (hourly === undefined) {
      estimate = true;
      parts.push(`${r.details.instanceType} hours not in the price table (not counted)`);
    } else {
      nano += hourly * HOURS_PER_MONTH;
      parts.push(`${r.details.instanceType} at $${(Number(hourly) / 1e9).toString()}/hour × 730 h`);
    }
  }
  let gb = 0;
  for (const id of r.details.volumeIds) {
    const v = find(id);
    if (!v) {
      estimate = true;
      continue;
    }
    nano += volumeCost({ ...v, region: 'us-east-1' }).nano;
    gb += v.details.sizeGb;
  }
  if (r.details.volumeIds.length) parts.push(`${r.details.volumeIds.length} attached volume(s), ${gb} GB`);
  const c = cost(r.region, nano, parts.join(' + ') || 'no priced parts', estimate);
  return c;
}
