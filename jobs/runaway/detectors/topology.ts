import { z } from 'zod';
import type { Detector, FunctionFacts } from './types.ts';

/** The resource names an event-source ARN can appear under in a configuration (queue URL, bucket, table, stream, topic). */
export function namesOf(arn: string): string[] {
  const p = arn.split(':');
  const service = p[2] ?? '';
  const resource = p.slice(5).join(':');
  const names = [arn];
  if (service === 's3') names.push(resource.split('/')[0]!);
  else if (service === 'dynamodb' || service === 'kinesis') names.push(resource.split('/')[1] ?? resource);
  else if (service === 'events') names.push(...resource.split('/').slice(1));
  else if (service === 'lambda') names.push(resource.replace(/^function:/, '').split(':')[0]!);
  else names.push(resource);
  return [...new Set(names.filter((n) => n.length >= 3))];
}

const TOKEN_SPLIT = /[\s/:,;=@"'?&#()[\]{}|<>]+/;

/** An ARN may sit anywhere in a value; a bare name must be a whole token (so "orders" does not match "orders-archive"). */
function mentions(value: string, names: string[]): string | undefined {
  const tokens = new Set(value.split(TOKEN_SPLIT));
  return names.find((n) => (n.startsWith('arn:') ? value.includes(n) : tokens.has(n)));
}

/** Why a function looks like a loop: one of its triggers (or itself) is named in its own configuration. Pure. */
export function loopSuspicions(fn: FunctionFacts): string[] {
  const reasons: string[] = [];
  const candidates = [
    ...fn.sources.map((s) => ({ label: `its event source ${s.arn} (${s.via})`, names: namesOf(s.arn) })),
    { label: 'the function itself', names: namesOf(fn.arn) },
  ];
  for (const c of candidates) {
    for (const ref of fn.refs) {
      const hit = mentions(ref.value, c.names);
      if (hit) reasons.push(`${ref.where} names ${c.label} ("${hit}")`);
    }
  }
  return [...new Set(reasons)];
}

/** Static loop suspects: the finding says why; the other detectors use lower limits for a suspect. */
export const topologyDetector: Detector = {
  id: 'topology',
  description: 'Static loop suspect: an event source of the function (SQS, SNS, S3, DynamoDB/Kinesis stream) or the function itself is named in its own environment, destinations or dead-letter config',
  parameters: z.strictObject({ thresholdFactor: z.number().positive('must be greater than 0').max(1, 'must be at most 1 (it lowers the limits)') }),
  defaults: { thresholdFactor: 0.25 },
  limits: [],
  permissions: ['lambda:ListFunctions', 'lambda:ListEventSourceMappings', 'lambda:GetPolicy', 'lambda:GetFunctionEventInvokeConfig'],
  evaluate({ fn, params }) {
    const reasons = loopSuspicions(fn);
    if (reasons.length === 0) return null;
    return {
      detector: 'topology', kill: false, severity: 'info',
      summary: `loop suspect: ${reasons.join('; ')}; its limits are lowered to ${params.thresholdFactor}x`,
      evidence: { metric: 'configuration', threshold: null, observed: null, points: [], reasons },
    };
  },
};
