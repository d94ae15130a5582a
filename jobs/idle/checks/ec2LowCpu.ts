import { z } from 'zod';
import { instanceCost } from '../cost.ts';
import { ageDays, defineCheck } from '../types.ts';

const key = (id: string, days: number) => `ec2:cpu:${id}:${days}`;

export const ec2LowCpu = defineCheck({
  id: 'ec2-low-cpu',
  description: 'EC2 instance running with average CPU below maxCpuPercent over lookbackDays (instances younger than that are skipped).',
  parameters: z.strictObject({ maxCpuPercent: z.number().min(0).max(100).default(5), lookbackDays: z.number().int().min(1).max(63).default(7) }),
  permissions: ['ec2:DescribeInstances', 'ec2:DescribeVolumes', 'cloudwatch:GetMetricData'],
  appliesTo: ['ec2:instance'],
  metrics: (r, p) => r.type === 'ec2:instance' && r.details.state === 'running'
    ? [{ key: key(r.id, p.lookbackDays), namespace: 'AWS/EC2', metricName: 'CPUUtilization', dimensions: [{ Name: 'InstanceId', Value: r.id }], stat: 'Average', days: p.lookbackDays }]
    : [],
  evaluate({ resource: r, params, now, metric, find }) {
    if (r.type !== 'ec2:instance' || r.details.state !== 'running') return null;
    const age = ageDays(r.details.launchedAt ?? r.stateSince, now);
    if (age === null || age < params.lookbackDays) return null;
    const cpu = metric(key(r.id, params.lookbackDays));
    if (cpu === null || cpu >= params.maxCpuPercent) return null;
    return {
      reason: `average CPU ${cpu.toFixed(2)} % over ${params.lookbackDays} days (threshold ${params.maxCpuPercent} %)`,
      cost: instanceCost(r, (id) => find('ec2:volume', id), true),
      evidence: { instanceType: r.details.instanceType, averageCpuPercent: Number(cpu.toFixed(3)), lookbackDays: params.lookbackDays, launchedAt: r.details.launchedAt },
    };
  },
});
