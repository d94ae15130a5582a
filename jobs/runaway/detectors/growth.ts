import { z } from 'zod';
import { evidence, recentEnds, round, valueAt } from './series.ts';
import type { Detector } from './types.ts';

/**
 * Sustained super-linear growth: `minutes` consecutive minutes, each at least `factor` times the one before and at or
 * above `floorPerMinute`. The signature of a function that triggers itself.
 */
export const growthDetector: Detector = {
  id: 'growth',
  description: 'Invocations growing by at least `factor` per minute for `minutes` consecutive minutes above a floor',
  parameters: z.strictObject({
    factor: z.number().gt(1, 'must be greater than 1 (growth per minute)'),
    minutes: z.number().int('must be a whole number').positive('must be greater than 0'),
    floorPerMinute: z.number().positive('must be greater than 0'),
  }),
  defaults: { factor: 1.5, minutes: 3, floorPerMinute: 100 },
  limits: ['floorPerMinute'],
  permissions: ['cloudwatch:GetMetricData'],
  evaluate({ series, params }) {
    const { factor, minutes, floorPerMinute } = params as { factor: number; minutes: number; floorPerMinute: number };
    for (const end of recentEnds(series)) {
      let run = 0;
      for (let i = end; i > 0 && run < minutes; i--) {
        const cur = valueAt(series, 'invocations', i) ?? 0;
        const prev = valueAt(series, 'invocations', i - 1) ?? 0;
        if (cur < floorPerMinute || prev <= 0 || cur / prev < factor) break;
        run++;
      }
      if (run >= minutes) {
        const first = valueAt(series, 'invocations', end - minutes) ?? 0;
        const last = valueAt(series, 'invocations', end) ?? 0;
        const perMinute = round((last / first) ** (1 / minutes), 3);
        return {
          detector: 'growth', kill: true, severity: 'critical',
          summary: `invocations grew ${perMinute}x per minute for ${minutes} minutes (${first} → ${last} per minute)`,
          evidence: { metric: 'Invocations', threshold: factor, observed: perMinute, points: evidence(series, 'invocations', end - minutes - 5, end + 1) },
        };
      }
    }
    return null;
  },
};
