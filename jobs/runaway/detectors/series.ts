import { COUNT_METRICS, type EvidencePoint, type MetricKey, type MinuteSeries } from './types.ts';

export const MINUTE_MS = 60_000;

export function minuteIso(series: MinuteSeries, i: number): string {
  return new Date(series.start + i * MINUTE_MS).toISOString();
}

/**
 * Index after the newest minute that has an invocations point. The newest 1-3 minutes of a Lambda series are often
 * not published yet: a missing tail is "unknown", never a drop to zero.
 */
export function completeLength(series: MinuteSeries, key: MetricKey = 'invocations'): number {
  const v = series.values[key];
  let n = v.length;
  while (n > 0 && v[n - 1] === null) n--;
  return n;
}

/** A value inside the known part of the series: a missing count there means nothing happened (Lambda emits no zero points). */
export function valueAt(series: MinuteSeries, key: MetricKey, i: number): number | null {
  const v = series.values[key][i];
  if (v !== null && v !== undefined) return v;
  return COUNT_METRICS.has(key) && i >= 0 && i < completeLength(series, 'invocations') ? 0 : null;
}

export function evidence(series: MinuteSeries, key: MetricKey, from: number, to: number): EvidencePoint[] {
  const out: EvidencePoint[] = [];
  for (let i = Math.max(0, from); i < to; i++) {
    const v = valueAt(series, key, i);
    if (v !== null) out.push({ at: minuteIso(series, i), value: v });
  }
  return out;
}

/** The newest `count` end positions a detector looks at: the last known minute, and the one before it (in case the newest is partial). */
export function recentEnds(series: MinuteSeries, count = 2): number[] {
  const n = completeLength(series);
  return Array.from({ length: Math.min(count, n) }, (_, k) => n - 1 - k);
}

export function round(n: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
