import { z } from 'zod';
import { evidence, valueAt } from './series.ts';
import type { Detector } from './types.ts';

/** AWS's own recursion detection already cut a loop (SQS, SNS, S3, Lambda chains): tell the developer before AWS's email does. */
export const recursionDroppedDetector: Detector = {
  id: 'recursion-dropped',
  description: 'RecursiveInvocationsDropped above zero: AWS stopped a recursive loop of this function',
  parameters: z.strictObject({ minDropped: z.number().positive('must be greater than 0') }),
  defaults: { minDropped: 1 },
  limits: [],
  permissions: ['cloudwatch:GetMetricData'],
  evaluate({ series, params }) {
    let total = 0;
    for (let i = 0; i < series.minutes; i++) total += valueAt(series, 'recursiveDropped', i) ?? 0;
    if (total < params.minDropped!) return null;
    return {
      detector: 'recursion-dropped', kill: false, severity: 'warning',
      summary: `AWS dropped ${total} recursive invocations in the last ${series.minutes} minutes: the function is in a loop`,
      evidence: { metric: 'RecursiveInvocationsDropped', threshold: params.minDropped!, observed: total, points: evidence(series, 'recursiveDropped', 0, series.minutes).filter((p) => p.value > 0) },
    };
  },
};
