import { DETECTORS } from './detectors/index.ts';
import { valueAt } from './detectors/series.ts';
import type { Finding, FunctionFacts, MinuteSeries } from './detectors/types.ts';
import type { FunctionPolicy } from './policy.ts';
import { burnUsdPerHour } from './prices.ts';

/** $/hour per minute of the series; null where the minute is unknown (the missing newest minutes). */
export function burnSeries(fn: FunctionFacts, series: MinuteSeries): Array<number | null> {
  return Array.from({ length: series.minutes }, (_, i) => {
    const inv = valueAt(series, 'invocations', i);
    if (inv === null) return null;
    return burnUsdPerHour({ invocationsPerMinute: inv, durationAvgMs: valueAt(series, 'durationAvg', i), memoryMb: fn.memoryMb, architecture: fn.architecture });
  });
}

/** The live burn figure: the newest known minute's rate. */
export function liveBurn(burn: Array<number | null>): number {
  for (let i = burn.length - 1; i >= 0; i--) if (burn[i] !== null) return burn[i]!;
  return 0;
}

export interface Evaluation {
  findings: Finding[];
  burnUsdPerHour: number;
}

/** Runs every registered detector over one function's series with the function's effective limits. Pure. */
export function evaluateFunction(fn: FunctionFacts, series: MinuteSeries, policy: FunctionPolicy): Evaluation {
  const burn = burnSeries(fn, series);
  const findings: Finding[] = [];
  for (const d of DETECTORS) {
    const f = d.evaluate({ fn, series, burn, params: policy.params[d.id]! });
    if (f) findings.push(f);
  }
  return { findings, burnUsdPerHour: liveBurn(burn) };
}
