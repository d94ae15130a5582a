/**
 * The one price table behind every "monthly waste" figure. us-east-1 on-demand list prices (USD), checked against
 * the AWS pricing pages below; other regions are scaled by a per-region factor, which is itself an estimate
 * (the typical ratio of that region's EBS/EC2 list prices to us-east-1). A month is 730 hours.
 *
 * Sources (us-east-1 list prices, as published on):
 * - EBS volumes and snapshots: https://aws.amazon.com/ebs/pricing/ (gp2 $0.10, gp3 $0.08, io1/io2 $0.125 + $0.065 per
 *   provisioned IOPS, st1 $0.045, sc1 $0.015, standard $0.05 per GB-month; snapshots $0.05 per GB-month)
 * - Public IPv4 / Elastic IP: https://aws.amazon.com/vpc/pricing/ ($0.005 per hour, associated or not)
 * - NAT gateway: https://aws.amazon.com/vpc/pricing/ ($0.045 per hour, plus $0.045 per GB processed: not counted)
 * - Load balancers: https://aws.amazon.com/elasticloadbalancing/pricing/ (ALB/NLB $0.0225, GWLB $0.0125, CLB $0.025
 *   per hour; capacity units not counted since an idle balancer uses almost none)
 * - Lambda provisioned concurrency: https://aws.amazon.com/lambda/pricing/ ($0.0000041667 per GB-second x86,
 *   $0.0000033334 arm64, i.e. $10.95 / $8.76 per GB-month)
 * - CloudWatch Logs storage: https://aws.amazon.com/cloudwatch/pricing/ ($0.03 per GB-month)
 * - EC2 on-demand Linux: https://aws.amazon.com/ec2/pricing/on-demand/ (a few common sandbox types; others unpriced)
 */
import { parseAmount } from '../../core/money.ts';

export const HOURS_PER_MONTH = 730n;
const usd = (s: string): bigint => parseAmount(s, 'price');

/** Nano-USD per GB-month of EBS volume storage, by volume type. */
export const EBS_GB_MONTH: Record<string, bigint> = {
  gp2: usd('0.10'), gp3: usd('0.08'), io1: usd('0.125'), io2: usd('0.125'), st1: usd('0.045'), sc1: usd('0.015'), standard: usd('0.05'),
};
export const EBS_IOPS_MONTH = usd('0.065');
export const SNAPSHOT_GB_MONTH = usd('0.05');
export const PUBLIC_IPV4_HOUR = usd('0.005');
export const NAT_GATEWAY_HOUR = usd('0.045');
export const LOAD_BALANCER_HOUR: Record<string, bigint> = {
  application: usd('0.0225'), network: usd('0.0225'), gateway: usd('0.0125'), classic: usd('0.025'),
};
/** Provisioned concurrency per GB-month (GB-second price × 2,628,000 seconds). */
export const LAMBDA_PC_GB_MONTH: Record<string, bigint> = { x86_64: usd('10.9500876'), arm64: usd('8.7601752') };
export const LOGS_GB_MONTH = usd('0.03');

/** On-demand Linux price per hour for common sandbox instance types. */
export const EC2_HOUR: Record<string, bigint> = {
  't2.nano': usd('0.0058'), 't2.micro': usd('0.0116'), 't2.small': usd('0.023'), 't2.medium': usd('0.0464'), 't2.large': usd('0.0928'),
  't3.nano': usd('0.0052'), 't3.micro': usd('0.0104'), 't3.small': usd('0.0208'), 't3.medium': usd('0.0416'), 't3.large': usd('0.0832'),
  't4g.micro': usd('0.0084'), 't4g.small': usd('0.0168'), 't4g.medium': usd('0.0336'),
  'm5.large': usd('0.096'), 'm5.xlarge': usd('0.192'), 'm6i.large': usd('0.096'), 'm7g.large': usd('0.0816'),
  'c5.large': usd('0.085'), 'c6i.large': usd('0.085'), 'r5.large': usd('0.126'),
};

/** Approximate ratio of a region's list prices to us-east-1 (per mille). Unlisted regions use 1000 and say so. */
export const REGION_FACTOR_PERMILLE: Record<string, number> = {
  'us-east-1': 1000, 'us-east-2': 1000, 'us-west-2': 1000, 'us-west-1': 1170,
  'ca-central-1': 1100, 'eu-west-1': 1100, 'eu-west-2': 1160, 'eu-west-3': 1160, 'eu-central-1': 1190, 'eu-north-1': 1050,
  'ap-south-1': 1140, 'ap-southeast-1': 1200, 'ap-southeast-2': 1200, 'ap-northeast-1': 1250, 'ap-northeast-2': 1140,
  'sa-east-1': 1500,
};

export interface RegionFactor {
  permille: bigint;
  /** False for us-east-1 (list price as is); true where the factor is an approximation or unknown. */
  estimate: boolean;
}

export function regionFactor(region: string): RegionFactor {
  const f = REGION_FACTOR_PERMILLE[region];
  return { permille: BigInt(f ?? 1000), estimate: region !== 'us-east-1' };
}

export function inRegion(nanoUsEast1: bigint, region: string): { nano: bigint; estimate: boolean } {
  const f = regionFactor(region);
  return { nano: (nanoUsEast1 * f.permille) / 1000n, estimate: f.estimate };
}

export const GB = 1024 ** 3;
