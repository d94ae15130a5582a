import { z } from 'zod';
import { monthlyCost } from '../cost.ts';
import { ageDays, defineCheck } from '../types.ts';

const key = (id: string, days: number) => `nat:bytesout:${id}:${days}`;

export const natIdle = defineCheck({
  id: 'nat-idle',
  description: 'NAT gateway that sent (almost) no bytes out over lookbackDays (no data points count as zero).',
  parameters: z.strictObject({ maxBytesOut: z.number().int().min(0).default(1_000_000), lookbackDays: z.number().int().min(1).max(63).default(7) }),
  permissions: ['ec2:DescribeNatGateways', 'cloudwatch:GetMetricData'],
  appliesTo: ['ec2:natgateway'],
  metrics: (r, p) => r.type === 'ec2:natgateway' && r.details.state === 'available'
    ? [{ key: key(r.id, p.lookbackDays), namespace: 'AWS/NATGateway', metricName: 'BytesOutToDestination', dimensions: [{ Name: 'NatGatewayId', Value: r.id }], stat: 'Sum', days: p.lookbackDays }]
    : [],
  evaluate({ resource: r, params, now, metric }) {
    if (r.type !== 'ec2:natgateway' || r.details.state !== 'available') return null;
    const age = ageDays(r.details.createdAt ?? r.stateSince, now);
    if (age === null || age < params.lookbackDays) return null;
    const raw = metric(key(r.id, params.lookbackDays));
    const bytes = raw ?? 0;
    if (bytes > params.maxBytesOut) return null;
    return {
      reason: `${bytes} bytes out over ${params.lookbackDays} days (threshold ${params.maxBytesOut})`,
      cost: monthlyCost(r, () => undefined),
      evidence: { bytesOut: bytes, dataPoints: raw !== null, lookbackDays: params.lookbackDays, vpcId: r.details.vpcId },
    };
  },
});
