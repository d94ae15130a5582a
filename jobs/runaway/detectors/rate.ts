import { z } from 'zod';
import { evidence, recentEnds, valueAt } from './series.ts';
import type { Detector } from './types.ts';

const positive = z.number().positive('must be greater than 0');

/** Invocations per minute above an absolute limit. */
export const rateDetector: Detector = {
  id: 'rate',
  description: 'Invocations per minute above an absolute limit',
  parameters: z.strictObject({ invocationsPerMinute: positive }),
  defaults: { invocationsPerMinute: 5000 },
  limits: ['invocationsPerMinute'],
  permissions: ['cloudwatch:GetMetricData'],
  evaluate({ series, params }) {
    const limit = params.invocationsPerMinute!;
    for (const i of recentEnds(series)) {
      const v = valueAt(series, 'invocations', i) ?? 0;
      if (v > limit) {
        return {
          detector: 'rate', kill: true, severity: 'critical',
          summary: `${v} invocations in one minute, above the limit of ${limit}`,
          evidence: { metric: 'Invocations', threshold: limit, observed: v, points: evidence(series, 'invocations', i - 9, i + 1) },
        };
      }
    }
    return null;
  },
};
