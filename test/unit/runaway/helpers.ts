import { METRIC_KEYS, type FunctionFacts, type MetricKey, type MinuteSeries } from '../../../jobs/runaway/detectors/types.ts';

export const START = Date.parse('2026-03-15T10:00:00Z');

/** A series of `minutes` minutes with the given per-minute values (null = no point). */
export function series(values: Partial<Record<MetricKey, Array<number | null>>>, minutes?: number): MinuteSeries {
  const n = minutes ?? Math.max(...Object.values(values).map((v) => v!.length));
  const pad = (v: Array<number | null> | undefined) => Array.from({ length: n }, (_, i) => v?.[i] ?? null);
  return { start: START, minutes: n, values: Object.fromEntries(METRIC_KEYS.map((k) => [k, pad(values[k])])) as MinuteSeries['values'] };
}

export function fn(over: Partial<FunctionFacts> = {}): FunctionFacts {
  return {
    arn: 'arn:aws:lambda:us-east-1:111122223333:function:orders', name: 'orders', accountId: '111122223333', region: 'us-east-1',
    memoryMb: 1024, architecture: 'x86_64', tags: {}, sources: [], refs: [], ...over,
  };
}
