import { z } from 'zod';
import { volumeCost } from '../cost.ts';
import { ageDays, defineCheck } from '../types.ts';

export const ebsUnattached = defineCheck({
  id: 'ebs-unattached',
  description: 'EBS volume not attached to any instance for more than minDays (Warden counts from when it first saw it unattached).',
  parameters: z.strictObject({ minDays: z.number().int().min(0).default(7) }),
  permissions: ['ec2:DescribeVolumes'],
  appliesTo: ['ec2:volume'],
  evaluate({ resource: r, params, now }) {
    if (r.type !== 'ec2:volume' || r.details.state !== 'available') return null;
    const days = ageDays(r.stateSince, now) ?? 0;
    if (days <= params.minDays) return null;
    return {
      reason: `unattached for at least ${days} days (threshold ${params.minDays})`,
      cost: volumeCost(r),
      evidence: { state: r.details.state, unattachedSince: r.stateSince, days, sizeGb: r.details.sizeGb, volumeType: r.details.volumeType },
    };
  },
});
