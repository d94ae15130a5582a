// Bench seeding: `minutes` minutes of steady Lambda metrics for every simulated function, one PutMetricData per
// account-region (RunawaySim.tick writes one minute per call, too slow for thousands of accounts).
import { CloudWatchClient, PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import pLimit from 'p-limit';
import { memberClientConfig } from '../test/support/org-simulator.ts';
import type { SimFunction } from '../test/support/runaway-sim.ts';

export async function seedSteadyMetrics(endpoint: string, fns: SimFunction[], startMs: number, minutes: number, perMinute: number, concurrency = 16): Promise<void> {
  const byTarget = new Map<string, SimFunction[]>();
  for (const f of fns) byTarget.set(`${f.spec.accountId}|${f.region}`, [...(byTarget.get(`${f.spec.accountId}|${f.region}`) ?? []), f]);
  const limit = pLimit(concurrency);
  await Promise.all([...byTarget].map(([k, list]) => limit(async () => {
    const [accountId, region] = k.split('|') as [string, string];
    const cw = new CloudWatchClient({ ...(await memberClientConfig(endpoint, accountId, region)), disableRequestCompression: true });
    const data: MetricDatum[] = list.flatMap((f) => Array.from({ length: minutes }, (_, m): MetricDatum[] => {
      const dims = [{ Name: 'FunctionName', Value: f.name }];
      const Timestamp = new Date(startMs + m * 60_000);
      return [
        { MetricName: 'Invocations', Dimensions: dims, Timestamp, Value: perMinute, Unit: 'Count' },
        { MetricName: 'Duration', Dimensions: dims, Timestamp, StatisticValues: { SampleCount: perMinute, Sum: perMinute * 100, Minimum: 100, Maximum: 100 }, Unit: 'Milliseconds' },
      ];
    }).flat());
    for (let i = 0; i < data.length; i += 500) await cw.send(new PutMetricDataCommand({ Namespace: 'AWS/Lambda', MetricData: data.slice(i, i + 500) }));
    cw.destroy();
  })));
}
