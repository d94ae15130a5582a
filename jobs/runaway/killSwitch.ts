import { GetFunctionConcurrencyCommand, PutFunctionConcurrencyCommand } from '@aws-sdk/client-lambda';
import { describeAwsError, isAccessDenied, isNotFound } from '../../aws/errors.ts';
import { fromUsd } from '../../core/money.ts';
import type { ThrottleRow } from '../../db/repos/runawayThrottles.ts';
import type { JobContext } from '../types.ts';
import { removeThrottleTags, throttleTags, writeThrottleTags } from './tags.ts';

/** Test seams for crash injection: called right after the intent is stored / right after PutFunctionConcurrency. */
export interface KillHooks {
  afterIntent?(arn: string): void;
  afterPut?(arn: string): void;
}

export interface KillRequest {
  functionArn: string;
  accountId: string;
  region: string;
  detector: string;
  reason: string;
  burnUsdPerHour: number;
  evidence: Record<string, unknown>;
}

export type KillOutcome =
  | { outcome: 'throttled'; throttle: ThrottleRow; tagsWritten: boolean }
  | { outcome: 'already-zero' | 'gone' }
  | { outcome: 'cannot-enforce'; error: string }
  | { outcome: 'error'; error: string };

/**
 * Sets reserved concurrency to 0. Order: read the previous value → intent in SQLite → previous value as tags →
 * PutFunctionConcurrency(0) → confirm. A crash anywhere leaves a row that the next sweep reconciles.
 */
export async function throttleFunction(ctx: JobContext, k: KillRequest, hooks: KillHooks = {}): Promise<KillOutcome> {
  const lambda = ctx.session.member(k.accountId, 'lambda', k.region);
  const throttles = ctx.repos.runaway.throttles;
  const now = () => ctx.clock.now().toISOString();
  let previous: number | null;
  try {
    const got = await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: k.functionArn }));
    previous = got.ReservedConcurrentExecutions ?? null;
  } catch (err) {
    if (isNotFound(err)) return gone(ctx, k.functionArn);
    if (isAccessDenied(err)) return { outcome: 'cannot-enforce', error: `lambda:GetFunctionConcurrency ${describeAwsError(err)}` };
    return { outcome: 'error', error: `lambda:GetFunctionConcurrency ${describeAwsError(err)}` };
  }
  if (previous === 0) return { outcome: 'already-zero' };
  const intent = throttles.insertIntent({
    functionArn: k.functionArn, accountId: k.accountId, region: k.region, previousConcurrency: previous, detector: k.detector, reason: k.reason,
    burnNanoPerHour: fromUsd(k.burnUsdPerHour), evidence: k.evidence, alertId: null, runId: ctx.runId,
  }, now());
  hooks.afterIntent?.(k.functionArn);
  ctx.crashPoints?.reach('runaway:after-intent');
  let tagsWritten = true;
  try {
    await writeThrottleTags(lambda, k.functionArn, throttleTags(previous, intent.createdAt, k.detector));
  } catch (err) {
    if (isNotFound(err)) return gone(ctx, k.functionArn, intent.id);
    // Without the tags the previous value lives only in SQLite; stopping the bill matters more. Said in the incident.
    tagsWritten = false;
    ctx.log.warn({ functionArn: k.functionArn, err: describeAwsError(err) }, 'cannot tag function before throttling');
  }
  ctx.crashPoints?.reach('runaway:after-tags');
  try {
    await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: k.functionArn, ReservedConcurrentExecutions: 0 }));
  } catch (err) {
    if (isNotFound(err)) return gone(ctx, k.functionArn, intent.id);
    const error = `lambda:PutFunctionConcurrency ${describeAwsError(err)}`;
    throttles.setState(intent.id, 'failed', now(), error);
    if (tagsWritten) await removeThrottleTags(lambda, k.functionArn).catch(() => undefined);
    return isAccessDenied(err) ? { outcome: 'cannot-enforce', error } : { outcome: 'error', error };
  }
  hooks.afterPut?.(k.functionArn);
  ctx.crashPoints?.reach('runaway:after-put');
  throttles.setState(intent.id, 'throttled', now(), tagsWritten ? null : 'tags not written: previous concurrency kept in the database only');
  ctx.crashPoints?.reach('runaway:after-confirm');
  return { outcome: 'throttled', throttle: throttles.get(intent.id)!, tagsWritten };
}

function gone(ctx: JobContext, arn: string, intentId?: number): KillOutcome {
  const now = ctx.clock.now().toISOString();
  if (intentId !== undefined) ctx.repos.runaway.throttles.setState(intentId, 'gone', now, 'function deleted before it could be throttled');
  ctx.repos.runaway.inventory.markDeleted(arn, now);
  return { outcome: 'gone' };
}
