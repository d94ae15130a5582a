import { DeleteFunctionConcurrencyCommand, ListTagsCommand, PutFunctionConcurrencyCommand } from '@aws-sdk/client-lambda';
import type { AwsSession } from '../../aws/clients.ts';
import { describeAwsError, errorCode, isNotFound } from '../../aws/errors.ts';
import { ApiMeter } from '../../aws/meter.ts';
import { AwsCallError, ConflictError, InputError, NotFoundError, errorMessage } from '../../core/errors.ts';
import type { ThrottleRow } from '../../db/repos/runawayThrottles.ts';
import type { Deps } from '../types.ts';
import { incidentSubject, ownerOf } from './alerts.ts';
import { parseFunctionArn, previousFromTags, removeThrottleTags, TAG_AT, TAG_DETECTOR } from './tags.ts';

export interface RestoreResult {
  functionArn: string;
  /** What was put back: null = no reservation (DeleteFunctionConcurrency), else that reserved concurrency. */
  previousConcurrency: number | null;
  restoredAt: string;
  actor: string;
  reason: string | null;
  throttleId: number;
  alertId: number | null;
  cooldownUntil: string;
}

/** Puts the function back exactly as it was, removes Warden's tags, closes the row. Used by restore and by reconcile. */
export async function completeRestore(deps: Deps, session: AwsSession, row: ThrottleRow): Promise<RestoreResult> {
  const lambda = session.member(row.accountId, 'lambda', row.region);
  const now = () => deps.clock.now().toISOString();
  try {
    if (row.previousConcurrency === null) await lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: row.functionArn }));
    else await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: row.functionArn, ReservedConcurrentExecutions: row.previousConcurrency }));
    deps.crashPoints?.reach('restore:after-put');
    await removeThrottleTags(lambda, row.functionArn);
  } catch (err) {
    if (isNotFound(err)) {
      deps.repos.runaway.throttles.setState(row.id, 'gone', now(), 'function deleted before it was restored');
      throw new NotFoundError(`function ${row.functionArn} no longer exists`, { cause: err });
    }
    throw new AwsCallError(`cannot restore ${row.functionArn}: ${describeAwsError(err)}`, { service: 'lambda', operation: 'PutFunctionConcurrency', accountId: row.accountId, region: row.region, code: errorCode(err) }, { cause: err });
  }
  // One transaction: a crash leaves the row 'restoring' (reconcile finishes it: the calls above are idempotent) or
  // everything recorded; never a restored row with its incident open, no cool-down and no notification queued.
  return deps.repos.db.transaction(() => recordRestore(deps, row, now()))();
}

function recordRestore(deps: Deps, row: ThrottleRow, restoredAt: string): RestoreResult {
  deps.repos.runaway.throttles.finishRestore(row.id, restoredAt);
  deps.crashPoints?.reach('restore:in-record');
  const cooldownUntil = new Date(deps.clock.now().getTime() + deps.config.runaway.cooldownMinutes * 60_000).toISOString();
  deps.repos.runaway.inventory.setCooldown(row.functionArn, cooldownUntil);
  const fresh = deps.repos.runaway.throttles.get(row.id)!;
  const actor = fresh.restoredBy ?? 'unknown';
  const open = deps.repos.alerts.openBySubject(incidentSubject(row.functionArn));
  let alertId: number | null = open?.id ?? null;
  if (open) {
    const prev = row.previousConcurrency === null ? 'none (reservation removed)' : String(row.previousConcurrency);
    const { alert } = deps.repos.alerts.upsertOpen({
      subject: open.subject, kind: open.kind, severity: 'info', accountId: open.accountId, resource: open.resource,
      title: `Lambda ${row.functionArn.split(':').pop()} (${row.accountId}) restored by ${actor}`,
      evidence: { ...open.evidence, action: 'restored', restoredBy: actor, restoredAt, restoreReason: fresh.restoreReason ?? '', restoredConcurrency: prev, cooldownUntil },
    }, restoredAt);
    const fn = deps.repos.runaway.inventory.get(row.functionArn);
    deps.notifier.notifyAlert(alert, `runaway:${row.functionArn}:restored:${row.id}`, {
      owner: ownerOf(deps, fn?.tags ?? {}, deps.repos.accounts.get(row.accountId)),
      note: `Reserved concurrency put back to ${prev} by ${actor}${fresh.restoreReason ? `: ${fresh.restoreReason}` : ''}. Cool-down until ${cooldownUntil}.`,
    });
    deps.repos.alerts.resolve(alert.id, restoredAt);
    alertId = alert.id;
  }
  return { functionArn: row.functionArn, previousConcurrency: row.previousConcurrency, restoredAt, actor, reason: fresh.restoreReason, throttleId: row.id, alertId, cooldownUntil };
}

/** The function's throttle row; without one, rebuilt from Warden's tags (database lost). */
async function findThrottle(deps: Deps, session: AwsSession, fn: { arn: string; accountId: string; region: string }): Promise<ThrottleRow> {
  const row = deps.repos.runaway.throttles.active(fn.arn);
  if (row) return row;
  let tags: Record<string, string>;
  try {
    tags = (await session.member(fn.accountId, 'lambda', fn.region).send(new ListTagsCommand({ Resource: fn.arn }))).Tags ?? {};
  } catch (err) {
    if (isNotFound(err)) throw new NotFoundError(`function ${fn.arn} does not exist`, { cause: err });
    throw new AwsCallError(`cannot read the tags of ${fn.arn}: ${describeAwsError(err)}`, { service: 'lambda', operation: 'ListTags', accountId: fn.accountId, region: fn.region, code: errorCode(err) }, { cause: err });
  }
  const previous = previousFromTags(tags);
  if (previous === undefined) throw new ConflictError(`function ${fn.arn} is not throttled by Warden`);
  return deps.repos.runaway.throttles.insertIntent({
    functionArn: fn.arn, accountId: fn.accountId, region: fn.region, previousConcurrency: previous, detector: tags[TAG_DETECTOR] ?? 'unknown',
    reason: `rebuilt from the function's tags (throttled ${tags[TAG_AT] ?? 'at an unknown time'})`, burnNanoPerHour: 0n, evidence: { adoptedFromTags: tags }, alertId: null, runId: null,
  }, deps.clock.now().toISOString(), 'throttled');
}

/**
 * Restores a function Warden throttled: exactly the previous reserved concurrency (none or N), Warden's tags removed,
 * the incident closed, who/when/why recorded, a cool-down started. NotFoundError: unknown function; ConflictError:
 * not throttled (or a throttle still in progress). The notification is queued and a delivery attempted.
 */
export async function restoreFunction(deps: Deps, functionArn: string, opts: { actor: string; reason?: string }): Promise<RestoreResult> {
  const fn = parseFunctionArn(functionArn);
  if (!fn) throw new InputError(`not a Lambda function ARN: ${JSON.stringify(functionArn)} (expected arn:aws:lambda:<region>:<account>:function:<name>)`, 'functionArn');
  const session = deps.aws.session(new ApiMeter());
  const row = await findThrottle(deps, session, fn);
  if (row.state === 'pending') throw new ConflictError(`a throttle of ${fn.arn} is still being confirmed; retry after the next runaway sweep`);
  if (row.state === 'throttled' && !deps.repos.runaway.throttles.startRestore(row.id, opts.actor, opts.reason ?? null)) {
    throw new ConflictError(`function ${fn.arn} is being restored by someone else`);
  }
  deps.crashPoints?.reach('restore:after-start');
  const result = await completeRestore(deps, session, deps.repos.runaway.throttles.get(row.id)!);
  try {
    await deps.notifier.flush();
  } catch (err) {
    deps.logger.warn({ err: errorMessage(err) }, 'restore notification stays queued');
  }
  return result;
}
