import { GetFunctionConcurrencyCommand } from '@aws-sdk/client-lambda';
import { describeAwsError, isNotFound } from '../../aws/errors.ts';
import { errorMessage } from '../../core/errors.ts';
import { formatCents } from '../../core/money.ts';
import type { JobContext } from '../types.ts';
import { incidentSubject, ownerOf, raiseKillIncident } from './alerts.ts';
import { completeRestore } from './restore.ts';
import { removeThrottleTags } from './tags.ts';

export interface ReconcileResult {
  confirmed: number;
  abandoned: number;
  restored: number;
  gone: number;
}

/**
 * Intents left by a crash, settled from what AWS says: a pending kill whose function is at 0 is confirmed; one that is
 * not was never sent (tags removed, row abandoned: the sweep judges the function afresh); a restore in progress is finished.
 */
export async function reconcileIntents(ctx: JobContext, accountIds: Set<string>): Promise<ReconcileResult> {
  const r: ReconcileResult = { confirmed: 0, abandoned: 0, restored: 0, gone: 0 };
  const throttles = ctx.repos.runaway.throttles;
  const now = () => ctx.clock.now().toISOString();
  for (const row of throttles.listByState('pending').filter((x) => accountIds.has(x.accountId))) {
    const lambda = ctx.session.member(row.accountId, 'lambda', row.region);
    try {
      const reserved = (await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: row.functionArn }))).ReservedConcurrentExecutions;
      if (reserved === 0) {
        throttles.setState(row.id, 'throttled', now(), 'confirmed at reconcile: the process stopped after PutFunctionConcurrency');
        r.confirmed++;
      } else {
        await removeThrottleTags(lambda, row.functionArn);
        throttles.setState(row.id, 'abandoned', now(), 'the process stopped before PutFunctionConcurrency: nothing was changed');
        r.abandoned++;
      }
    } catch (err) {
      if (isNotFound(err)) {
        throttles.setState(row.id, 'gone', now(), 'function deleted');
        r.gone++;
      } else ctx.recordError(row.accountId, row.region, `reconcile ${row.functionArn}: ${describeAwsError(err)}`);
    }
  }
  // Confirmed kills without an incident: the process stopped between PutFunctionConcurrency and raising it.
  for (const row of throttles.listThrottled().filter((x) => x.alertId === null && x.runId !== null && accountIds.has(x.accountId))) {
    const fn = ctx.repos.runaway.inventory.get(row.functionArn);
    raiseKillIncident(ctx, row, { evidence: row.evidence, owner: ownerOf(ctx, fn?.tags ?? {}, ctx.repos.accounts.get(row.accountId)) });
  }
  for (const row of throttles.listByState('restoring').filter((x) => accountIds.has(x.accountId))) {
    try {
      await completeRestore(ctx, ctx.session, row);
      r.restored++;
    } catch (err) {
      ctx.recordError(row.accountId, row.region, `reconcile restore of ${row.functionArn}: ${errorMessage(err)}`);
    }
  }
  if (r.confirmed + r.abandoned + r.restored + r.gone) ctx.log.warn({ ...r }, 'reconciled runaway intents left by a stopped process');
  return r;
}

/** Keeps the "$ saved since the kill" of open incidents current: burn rate at the kill x hours since. */
export function updateSavings(ctx: JobContext): void {
  const nowMs = ctx.clock.now().getTime();
  for (const t of ctx.repos.runaway.throttles.listThrottled()) {
    const open = ctx.repos.alerts.openBySubject(incidentSubject(t.functionArn));
    if (!open || !t.confirmedAt) continue;
    const hours = Math.max(0, nowMs - Date.parse(t.confirmedAt)) / 3_600_000;
    const saved = formatCents(BigInt(Math.round(Number(t.burnNanoPerHour) * hours)));
    if (open.evidence.savedUsdSinceKill === saved) continue;
    ctx.repos.alerts.upsertOpen({ subject: open.subject, kind: open.kind, severity: open.severity, accountId: open.accountId, resource: open.resource, title: open.title, evidence: { ...open.evidence, savedUsdSinceKill: saved } }, ctx.clock.now().toISOString());
  }
}
