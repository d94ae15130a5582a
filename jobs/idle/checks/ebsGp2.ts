import { z } from 'zod';
import { formatCents } from '../../../core/money.ts';
import { EBS_GB_MONTH, inRegion } from '../prices.ts';
import { shq } from '../commands.ts';
import { defineCheck } from '../types.ts';

export const ebsGp2 = defineCheck({
  id: 'ebs-gp2',
  description: 'gp2 volume: gp3 gives the same baseline for 20 % less; the waste is the price difference.',
  parameters: z.strictObject({}),
  permissions: ['ec2:DescribeVolumes'],
  appliesTo: ['ec2:volume'],
  evaluate({ resource: r }) {
    if (r.type !== 'ec2:volume' || r.details.volumeType !== 'gp2') return null;
    const diff = (EBS_GB_MONTH.gp2! - EBS_GB_MONTH.gp3!) * BigInt(r.details.sizeGb);
    const c = inRegion(diff, r.region);
    return {
      reason: `gp2 volume of ${r.details.sizeGb} GB: gp3 is cheaper`,
      cost: { nano: c.nano, estimate: c.estimate, basis: `${r.details.sizeGb} GB × ($0.10 − $0.08)/GB-month = $${formatCents(c.nano)} saved by gp3` },
      evidence: { volumeType: 'gp2', sizeGb: r.details.sizeGb, state: r.details.state },
      command: `aws ec2 modify-volume --volume-id ${shq(r.id)} --volume-type gp3 --region ${shq(r.region)}`,
    };
  },
});
