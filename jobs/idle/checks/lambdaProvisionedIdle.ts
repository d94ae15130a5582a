import { z } from 'zod';
import { monthlyCost } from '../cost.ts';
import { shq } from '../commands.ts';
import { ageDays, defineCheck } from '../types.ts';

export const invocationsKey = (fn: string, days: number) => `lambda:invocations:${fn}:${days}`;

export const lambdaProvisionedIdle = defineCheck({
  id: 'lambda-provisioned-idle',
  description: 'Lambda function with provisioned concurrency but at most maxInvocations invocations over lookbackDays.',
  parameters: z.strictObject({ maxInvocations: z.number().int().min(0).default(1000), lookbackDays: z.number().int().min(1).max(63).default(7) }),
  permissions: ['lambda:ListFunctions', 'lambda:ListProvisionedConcurrencyConfigs', 'cloudwatch:GetMetricData'],
  appliesTo: ['lambda:function'],
  metrics: (r, p) => r.type === 'lambda:function' && r.details.provisioned.length
    ? [{ key: invocationsKey(r.details.name, p.lookbackDays), namespace: 'AWS/Lambda', metricName: 'Invocations', dimensions: [{ Name: 'FunctionName', Value: r.details.name }], stat: 'Sum', days: p.lookbackDays }]
    : [],
  evaluate({ resource: r, params, now, metric }) {
    if (r.type !== 'lambda:function' || !r.details.provisioned.length) return null;
    const age = ageDays(r.details.lastModified ?? r.stateSince, now);
    if (age === null || age < params.lookbackDays) return null;
    const invocations = metric(invocationsKey(r.details.name, params.lookbackDays)) ?? 0;
    if (invocations > params.maxInvocations) return null;
    const allocated = r.details.provisioned.reduce((a, p) => a + p.allocated, 0);
    const q = r.details.provisioned.map((p) => p.qualifier);
    return {
      reason: `${allocated} provisioned concurrency but ${invocations} invocations over ${params.lookbackDays} days (threshold ${params.maxInvocations})`,
      cost: monthlyCost(r, () => undefined),
      evidence: { provisioned: allocated, qualifiers: q.join(' '), invocations, memoryMb: r.details.memoryMb, architecture: r.details.architecture },
      command: q.map((x) => `aws lambda delete-provisioned-concurrency-config --function-name ${shq(r.details.name)} --qualifier ${shq(x)} --region ${shq(r.region)}`).join(' && '),
    };
  },
});
