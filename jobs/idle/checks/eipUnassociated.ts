import { z } from 'zod';
import { monthlyCost } from '../cost.ts';
import { defineCheck } from '../types.ts';

export const eipUnassociated = defineCheck({
  id: 'eip-unassociated',
  description: 'Elastic IP not associated with any instance or network interface (it bills by the hour anyway).',
  parameters: z.strictObject({}),
  permissions: ['ec2:DescribeAddresses'],
  appliesTo: ['ec2:elastic-ip'],
  evaluate({ resource: r }) {
    if (r.type !== 'ec2:elastic-ip') return null;
    const d = r.details;
    if (d.associationId || d.instanceId || d.networkInterfaceId) return null;
    return {
      reason: 'Elastic IP is not associated',
      cost: monthlyCost(r, () => undefined),
      evidence: { publicIp: d.publicIp, allocationId: d.allocationId, unassociatedSince: r.stateSince },
    };
  },
});
