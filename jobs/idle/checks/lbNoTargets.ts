import { z } from 'zod';
import { monthlyCost } from '../cost.ts';
import { ageDays, defineCheck } from '../types.ts';

export const lbNoTargets = defineCheck({
  id: 'lb-no-targets',
  description: 'Load balancer (ALB/NLB/GWLB) with no registered target in any of its target groups, older than minDays.',
  parameters: z.strictObject({ minDays: z.number().int().min(0).default(1) }),
  permissions: ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeTargetHealth'],
  appliesTo: ['elasticloadbalancing:loadbalancer'],
  evaluate({ resource: r, params, now }) {
    if (r.type !== 'elasticloadbalancing:loadbalancer' || r.details.registeredTargets > 0) return null;
    const age = ageDays(r.details.createdAt ?? r.stateSince, now);
    if (age === null || age < params.minDays) return null;
    return {
      reason: r.details.targetGroups ? `no registered targets in its ${r.details.targetGroups} target group(s)` : 'no target groups at all',
      cost: monthlyCost(r, () => undefined),
      evidence: { kind: r.details.kind, targetGroups: r.details.targetGroups, registeredTargets: 0, createdAt: r.details.createdAt },
    };
  },
});
