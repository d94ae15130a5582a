import { paginateGetMetricData, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { AwsSession } from '../../../aws/clients.ts';
import type { MetricQuery } from '../types.ts';
import { collect, type FetchTarget } from './types.ts';

/** GetMetricData takes at most 500 queries per call (the emulator does not enforce it; AWS does). */
export const MAX_QUERIES_PER_CALL = 500;

function combine(stat: MetricQuery['stat'], values: number[]): number | null {
  if (!values.length) return null;
  if (stat === 'Sum') return values.reduce((a, b) => a + b, 0);
  if (stat === 'Maximum') return Math.max(...values);
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * One statistic per query over the last `days` days, asked as a single period so each query costs one metric.
 * Start and end are aligned to whole minutes (CloudWatch buckets start at StartTime).
 */
export async function fetchMetrics(session: AwsSession, t: FetchTarget, queries: MetricQuery[], now: Date): Promise<Map<string, number | null>> {
  const out = new Map<string, number | null>();
  const unique = [...new Map(queries.map((q) => [q.key, q])).values()];
  if (!unique.length) return out;
  const cw = session.member(t.accountId, 'cloudwatch', t.region);
  const end = Math.floor(now.getTime() / 60_000) * 60_000;
  const byDays = new Map<number, MetricQuery[]>();
  for (const q of unique) byDays.set(q.days, [...(byDays.get(q.days) ?? []), q]);
  for (const [days, group] of byDays) {
    for (let i = 0; i < group.length; i += MAX_QUERIES_PER_CALL) {
      const chunk = group.slice(i, i + MAX_QUERIES_PER_CALL);
      const ids = new Map(chunk.map((q, j) => [`q${j}`, q]));
      const MetricDataQueries: MetricDataQuery[] = [...ids].map(([Id, q]) => ({
        Id, ReturnData: true,
        MetricStat: { Metric: { Namespace: q.namespace, MetricName: q.metricName, Dimensions: q.dimensions }, Period: days * 86_400, Stat: q.stat },
      }));
      const pages = await collect(paginateGetMetricData({ client: cw }, {
        MetricDataQueries, StartTime: new Date(end - days * 86_400_000), EndTime: new Date(end), ScanBy: 'TimestampDescending',
      }));
      const values = new Map<string, number[]>();
      for (const r of pages.flatMap((p) => p.MetricDataResults ?? [])) {
        if (r.Id) values.set(r.Id, [...(values.get(r.Id) ?? []), ...(r.Values ?? [])]);
      }
      for (const [id, q] of ids) out.set(q.key, combine(q.stat, values.get(id) ?? []));
    }
  }
  return out;
}
