import type { z } from 'zod';

/** Resource types Warden inventories, named as the Resource Groups Tagging API names them (service:type). */
export const RESOURCE_TYPES = [
  'ec2:volume', 'ec2:snapshot', 'ec2:elastic-ip', 'ec2:instance', 'ec2:natgateway',
  'elasticloadbalancing:loadbalancer', 'lambda:function', 'logs:log-group',
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];

export interface ResourceDetails {
  'ec2:volume': { sizeGb: number; volumeType: string; iops: number | null; state: string; attachedTo: string[]; createdAt: string | null };
  'ec2:snapshot': { sizeGb: number; volumeId: string | null; startedAt: string | null; description: string };
  'ec2:elastic-ip': { publicIp: string | null; allocationId: string; associationId: string | null; instanceId: string | null; networkInterfaceId: string | null };
  'ec2:instance': { instanceType: string; state: string; launchedAt: string | null; stateChangedAt: string | null; volumeIds: string[] };
  'ec2:natgateway': { state: string; createdAt: string | null; vpcId: string | null; subnetId: string | null };
  'elasticloadbalancing:loadbalancer': { kind: string; name: string; createdAt: string | null; targetGroups: number; registeredTargets: number };
  'lambda:function': { name: string; runtime: string | null; memoryMb: number; architecture: string; lastModified: string | null; provisioned: Array<{ qualifier: string; allocated: number }> };
  'logs:log-group': { name: string; retentionDays: number | null; storedBytes: number; createdAt: string | null };
}

interface ResourceBase {
  arn: string;
  accountId: string;
  region: string;
  /** The id used by the service's own API (vol-…, i-…, function name, log group name, load balancer ARN). */
  id: string;
  name: string | null;
  tags: Record<string, string>;
  /** A short observed state ('available', 'stopped', 'unassociated', …): Warden records since when it holds. */
  state: string;
  /** When Warden first saw the resource in `state` (filled by the job from the database before checks run). */
  stateSince: string;
}

export type Resource = { [T in ResourceType]: ResourceBase & { type: T; details: ResourceDetails[T] } }[ResourceType];
export type ResourceOf<T extends ResourceType> = Extract<Resource, { type: T }>;

/** One CloudWatch statistic over the last `days` days, as a single bucket. */
export interface MetricQuery {
  key: string;
  namespace: string;
  metricName: string;
  dimensions: Array<{ Name: string; Value: string }>;
  stat: 'Average' | 'Sum' | 'Maximum';
  days: number;
}

export interface MonthlyCost {
  nano: bigint;
  /** True when the figure rests on an assumption (unknown instance type, snapshot size = volume size, region factor). */
  estimate: boolean;
  basis: string;
}

export interface CheckInput<P> {
  resource: Resource;
  params: P;
  now: Date;
  /** Value of a query the check asked for: null when CloudWatch returned no data points. */
  metric(key: string): number | null;
  /** Other resources of the same account and region (e.g. an instance's volumes). */
  find<T extends ResourceType>(type: T, id: string): ResourceOf<T> | undefined;
  settings: { expiryTagKey: string };
}

export interface CheckVerdict {
  /** Why Warden thinks the resource is idle, in one sentence. */
  reason: string;
  cost: MonthlyCost;
  evidence: Record<string, string | number | boolean | null>;
  /** The AWS CLI command that fixes it, when it is not the plain delete command. */
  command?: string;
}

export interface IdleCheck<P = Record<string, unknown>> {
  id: string;
  description: string;
  /** Strict zod object with defaults; `enabled` is added by the configuration. */
  parameters: z.ZodObject;
  /** IAM actions the member role needs for this check's data. */
  permissions: string[];
  appliesTo: readonly ResourceType[];
  metrics?(resource: Resource, params: P): MetricQuery[];
  evaluate(input: CheckInput<P>): CheckVerdict | null;
}

/** Keeps the parameter type inside the check and erases it for the registry. */
export function defineCheck<S extends z.ZodObject>(check: Omit<IdleCheck<z.infer<S>>, 'parameters'> & { parameters: S }): IdleCheck {
  return check as unknown as IdleCheck;
}

export const DAY_MS = 86_400_000;

export function ageDays(since: string | null | undefined, now: Date): number | null {
  if (!since) return null;
  const t = Date.parse(since);
  return Number.isFinite(t) ? Math.floor((now.getTime() - t) / DAY_MS) : null;
}
