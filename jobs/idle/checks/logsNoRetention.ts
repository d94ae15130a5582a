import { z } from 'zod';
import { monthlyCost } from '../cost.ts';
import { shq } from '../commands.ts';
import { defineCheck } from '../types.ts';

export const logsNoRetention = defineCheck({
  id: 'logs-no-retention',
  description: 'CloudWatch log group that keeps its logs forever (no retention); the cost is what it stores today, and it grows.',
  parameters: z.strictObject({ suggestDays: z.number().int().min(1).default(30) }),
  permissions: ['logs:DescribeLogGroups'],
  appliesTo: ['logs:log-group'],
  evaluate({ resource: r, params }) {
    if (r.type !== 'logs:log-group' || r.details.retentionDays !== null) return null;
    return {
      reason: 'log group has no retention: logs are kept (and billed) forever',
      cost: monthlyCost(r, () => undefined),
      evidence: { storedBytes: r.details.storedBytes, createdAt: r.details.createdAt },
      command: `aws logs put-retention-policy --log-group-name ${shq(r.details.name)} --retention-in-days ${params.suggestDays} --region ${shq(r.region)}`,
    };
  },
});
