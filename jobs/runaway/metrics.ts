import { GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { ClientOf } from '../../aws/clients.ts';
import { MINUTE_MS } from './detectors/series.ts';
import { METRIC_KEYS, type MetricKey, type MinuteSeries } from './detectors/types.ts';

/** GetMetricData takes at most 500 queries per call (CloudWatch quotas); the emulator does not enforce it, we do. */
export const MAX_QUERIES_PER_CALL = 500;
/** A value no Lambda series can have in one minute (account concurrency quotas are in the thousands): a corrupt point. */
const ABSURD = 1e9;

export interface MetricSpec {
  name: string;
  stat: 'Sum' | 'Average' | 'Maximum';
}

export const FUNCTION_METRICS: Record<MetricKey, MetricSpec> = {
  invocations: { name: 'Invocations', stat: 'Sum' },
  errors: { name: 'Errors', stat: 'Sum' },
  throttles: { name: 'Throttles', stat: 'Sum' },
  durationAvg: { name: 'Duration', stat: 'Average' },
  concurrency: { name: 'ConcurrentExecutions', stat: 'Maximum' },
  recursiveDropped: { name: 'RecursiveInvocationsDropped', stat: 'Sum' },
};

/** Stage 1: the account-region level series AWS keeps without dimensions (4 metrics per account-region). */
export const ACCOUNT_METRICS = {
  invocations: { name: 'Invocations', stat: 'Sum' },
  concurrency: { name: 'ConcurrentExecutions', stat: 'Maximum' },
  durationSum: { name: 'Duration', stat: 'Sum' },
  recursiveDropped: { name: 'RecursiveInvocationsDropped', stat: 'Sum' },
} as const satisfies Record<string, MetricSpec>;
export type AccountMetricKey = keyof typeof ACCOUNT_METRICS;

export interface Window {
  start: number;
  end: number;
  minutes: number;
}

/** [now - lookback, now) on whole minutes: CloudWatch buckets start at StartTime, so unaligned times shift every point. */
export function metricWindow(now: Date, lookbackMinutes: number): Window {
  const end = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  return { start: end - lookbackMinutes * MINUTE_MS, end, minutes: lookbackMinutes };
}

export interface SeriesRequest {
  series: string;
  metric: string;
  spec: MetricSpec;
  functionName?: string;
}

export interface FetchResult {
  values: Map<string, Record<string, Array<number | null>>>;
  calls: number;
  rejectedPoints: number;
}

/** Accepts finite, non-negative, sane values; anything else is dropped (counted) rather than believed. */
export function sanitize(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v < ABSURD ? v : null;
}

/** Fetches every requested series over the window in batches of at most 500 queries, following NextToken. */
export async function fetchSeries(cw: ClientOf<'cloudwatch'>, requests: SeriesRequest[], w: Window): Promise<FetchResult> {
  const values = new Map<string, Record<string, Array<number | null>>>();
  let calls = 0;
  let rejectedPoints = 0;
  for (let b = 0; b < requests.length; b += MAX_QUERIES_PER_CALL) {
    const batch = requests.slice(b, b + MAX_QUERIES_PER_CALL);
    const queries: MetricDataQuery[] = batch.map((r, i) => ({
      Id: `q${i}`, ReturnData: true,
      MetricStat: {
        Metric: { Namespace: 'AWS/Lambda', MetricName: r.spec.name, ...(r.functionName ? { Dimensions: [{ Name: 'FunctionName', Value: r.functionName }] } : {}) },
        Period: 60, Stat: r.spec.stat,
      },
    }));
    for (const r of batch) {
      const rec = values.get(r.series) ?? {};
      rec[r.metric] = new Array<number | null>(w.minutes).fill(null);
      values.set(r.series, rec);
    }
    let token: string | undefined;
    do {
      const out = await cw.send(new GetMetricDataCommand({ StartTime: new Date(w.start), EndTime: new Date(w.end), MetricDataQueries: queries, NextToken: token, ScanBy: 'TimestampAscending' }));
      calls++;
      for (const res of out.MetricDataResults ?? []) {
        const req = batch[Number(res.Id?.slice(1))];
        if (!req) continue;
        const arr = values.get(req.series)![req.metric]!;
        (res.Timestamps ?? []).forEach((t, k) => {
          const offset = new Date(t).getTime() - w.start;
          const i = offset / MINUTE_MS;
          if (!Number.isInteger(i) || i < 0 || i >= w.minutes) return;
          const v = sanitize(res.Values?.[k]);
          if (v === null) rejectedPoints++;
          else arr[i] = v;
        });
      }
      token = out.NextToken;
    } while (token);
  }
  return { values, calls, rejectedPoints };
}

export function functionRequests(arn: string, name: string): SeriesRequest[] {
  return METRIC_KEYS.map((metric) => ({ series: arn, metric, spec: FUNCTION_METRICS[metric], functionName: name }));
}

export function toSeries(w: Window, rec: Record<string, Array<number | null>> | undefined): MinuteSeries {
  const empty = () => new Array<number | null>(w.minutes).fill(null);
  return { start: w.start, minutes: w.minutes, values: Object.fromEntries(METRIC_KEYS.map((k) => [k, rec?.[k] ?? empty()])) as MinuteSeries['values'] };
}
