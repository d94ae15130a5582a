import { z } from 'zod';
import { monthlyCost } from '../cost.ts';
import { ageDays, defineCheck } from '../types.ts';

export const snapshotOld = defineCheck({
  id: 'snapshot-old',
  description: 'EBS snapshot older than maxAgeDays.',
  parameters: z.strictObject({ maxAgeDays: z.number().int().min(1).default(90) }),
  permissions: ['ec2:DescribeSnapshots'],
  appliesTo: ['ec2:snapshot'],
  evaluate({ resource: r, params, now }) {
    if (r.type !== 'ec2:snapshot') return null;
    const days = ageDays(r.details.startedAt, now);
    if (days === null || days <= params.maxAgeDays) return null;
    return {
      reason: `snapshot is ${days} days old (threshold ${params.maxAgeDays})`,
      cost: monthlyCost(r, () => undefined),
      evidence: { startedAt: r.details.startedAt, days, sizeGb: r.details.sizeGb, volumeId: r.details.volumeId },
    };
  },
});
