import { z } from 'zod';
import { ageDays, defineCheck } from '../types.ts';
import { invocationsKey } from './lambdaProvisionedIdle.ts';

export const lambdaNoInvocations = defineCheck({
  id: 'lambda-no-invocations',
  description: 'Lambda function not invoked in `days` days and not changed since (hygiene: costs nothing while unused).',
  parameters: z.strictObject({ days: z.number().int().min(1).max(455).default(30) }),
  permissions: ['lambda:ListFunctions', 'cloudwatch:GetMetricData'],
  appliesTo: ['lambda:function'],
  metrics: (r, p) => r.type === 'lambda:function'
    ? [{ key: invocationsKey(r.details.name, p.days), namespace: 'AWS/Lambda', metricName: 'Invocations', dimensions: [{ Name: 'FunctionName', Value: r.details.name }], stat: 'Sum', days: p.days }]
    : [],
  evaluate({ resource: r, params, now, metric }) {
    if (r.type !== 'lambda:function') return null;
    const age = ageDays(r.details.lastModified ?? r.stateSince, now);
    if (age === null || age < params.days) return null;
    const invocations = metric(invocationsKey(r.details.name, params.days)) ?? 0;
    if (invocations > 0) return null;
    return {
      reason: `no invocations in ${params.days} days, last changed ${age} days ago`,
      cost: { nano: 0n, estimate: false, basis: 'hygiene: an unused function costs nothing' },
      evidence: { invocations: 0, days: params.days, lastModified: r.details.lastModified, runtime: r.details.runtime },
    };
  },
});
