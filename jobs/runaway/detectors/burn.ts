import { z } from 'zod';
import { minuteIso, recentEnds, round } from './series.ts';
import type { Detector, EvidencePoint } from './types.ts';

/** Estimated cost rate (invocations x average duration x memory, priced in prices.ts) above a limit for `minutes` minutes. */
export const burnDetector: Detector = {
  id: 'burn',
  description: 'Estimated Lambda cost rate in $/hour above a limit for `minutes` consecutive minutes',
  parameters: z.strictObject({
    usdPerHour: z.number().positive('must be greater than 0'),
    minutes: z.number().int('must be a whole number').positive('must be greater than 0'),
  }),
  defaults: { usdPerHour: 2, minutes: 2 },
  limits: ['usdPerHour'],
  permissions: ['cloudwatch:GetMetricData', 'lambda:ListFunctions'],
  evaluate({ series, burn, params }) {
    const limit = params.usdPerHour!;
    const minutes = params.minutes!;
    for (const end of recentEnds(series)) {
      if (end - minutes + 1 < 0) continue;
      const window = burn.slice(end - minutes + 1, end + 1);
      if (window.length === minutes && window.every((b) => b !== null && b > limit)) {
        const points: EvidencePoint[] = [];
        for (let i = Math.max(0, end - 9); i <= end; i++) if (burn[i] !== null && burn[i] !== undefined) points.push({ at: minuteIso(series, i), value: round(burn[i]!) });
        const observed = round(Math.min(...(window as number[])));
        return {
          detector: 'burn', kill: true, severity: 'critical',
          summary: `estimated burn of $${observed.toFixed(2)}/hour for ${minutes} minutes, above the limit of $${limit}/hour`,
          evidence: { metric: 'EstimatedUsdPerHour', threshold: limit, observed, points },
        };
      }
    }
    return null;
  },
};
