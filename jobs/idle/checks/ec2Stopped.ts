import { z } from 'zod';
import { instanceCost } from '../cost.ts';
import { ageDays, defineCheck } from '../types.ts';

export const ec2Stopped = defineCheck({
  id: 'ec2-stopped',
  description: 'EC2 instance stopped for more than minDays: its EBS volumes still bill.',
  parameters: z.strictObject({ minDays: z.number().int().min(0).default(30) }),
  permissions: ['ec2:DescribeInstances', 'ec2:DescribeVolumes'],
  appliesTo: ['ec2:instance'],
  evaluate({ resource: r, params, now, find }) {
    if (r.type !== 'ec2:instance' || r.details.state !== 'stopped') return null;
    const since = r.details.stateChangedAt ?? r.stateSince;
    const days = ageDays(since, now);
    if (days === null || days <= params.minDays) return null;
    return {
      reason: `stopped for ${days} days (threshold ${params.minDays}); attached volumes still bill`,
      cost: instanceCost(r, (id) => find('ec2:volume', id), false),
      evidence: { instanceType: r.details.instanceType, stoppedSince: since, days, volumes: r.details.volumeIds.join(' ') },
    };
  },
});
