import type { AccountRow } from '../../db/repos/accounts.ts';
import type { AlertRow, Severity } from '../../db/repos/alerts.ts';
import type { ThrottleRow } from '../../db/repos/runawayThrottles.ts';
import type { Deps } from '../types.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const incidentSubject = (functionArn: string): string => `runaway:${functionArn}`;

/** The developer to tell: the function's owner tag when it holds an email, else the account's email. */
export function ownerOf(deps: Pick<Deps, 'config'>, tags: Record<string, string>, account: Pick<AccountRow, 'email'> | undefined): string | null {
  const tagged = tags[deps.config.runaway.ownerTagKey]?.trim();
  if (tagged && EMAIL.test(tagged)) return tagged;
  return account?.email && EMAIL.test(account.email) ? account.email : null;
}

export interface FunctionIncident {
  functionArn: string;
  accountId: string;
  severity: Severity;
  title: string;
  evidence: Record<string, unknown>;
  owner: string | null;
  /** Idempotency key of the notification; null: record only, send nothing. */
  notifyKey: string | null;
  note?: string;
}

/** One open incident per function (subject runaway:<arn>), updated as the run goes on; notified once per key. */
export function raiseFunctionIncident(deps: Deps, i: FunctionIncident): AlertRow {
  const now = deps.clock.now().toISOString();
  const { alert } = deps.repos.alerts.upsertOpen({
    subject: incidentSubject(i.functionArn), kind: 'runaway', severity: i.severity, accountId: i.accountId, resource: i.functionArn, title: i.title, evidence: i.evidence,
  }, now);
  if (i.notifyKey) deps.notifier.notifyAlert(alert, `${i.notifyKey}:${alert.id}`, { owner: i.owner, note: i.note });
  return alert;
}

/**
 * The critical incident of a confirmed kill, with its mail (key per throttle row, so raising it again after a crash
 * sends nothing new), linked to the row. Raised by the sweep right after the kill, or by reconcile when the process
 * stopped between PutFunctionConcurrency and this.
 */
export function raiseKillIncident(deps: Deps, t: ThrottleRow, o: { evidence: Record<string, unknown>; owner: string | null; tagsWritten?: boolean }): AlertRow {
  const prev = t.previousConcurrency === null ? 'none' : String(t.previousConcurrency);
  const name = `${t.functionArn.split(':').pop()} (${t.accountId}, ${t.region})`;
  const alert = raiseFunctionIncident(deps, {
    functionArn: t.functionArn, accountId: t.accountId, severity: 'critical', title: `Runaway Lambda ${name} throttled to 0: ${t.reason}`,
    evidence: { ...o.evidence, action: 'throttled', previousConcurrency: prev, throttledAt: t.confirmedAt, savedUsdSinceKill: '0.00', ...(o.tagsWritten === undefined ? {} : { tagsWritten: o.tagsWritten }) },
    owner: o.owner, notifyKey: `runaway:${t.functionArn}:throttled:${t.id}`,
    note: `Reserved concurrency set to 0 (previously ${prev}). Restore: npm run warden -- restore ${t.functionArn} --reason "..."`,
  });
  deps.repos.runaway.throttles.setAlert(t.id, alert.id);
  return alert;
}

export function raiseBreakerIncident(deps: Deps, runId: number, wouldKill: number, killed: number, skipped: string[]): AlertRow {
  const now = deps.clock.now().toISOString();
  const max = deps.config.runaway.maxKillsPerSweep;
  const { alert } = deps.repos.alerts.upsertOpen({
    subject: 'runaway:breaker', kind: 'runaway-breaker', severity: 'critical', accountId: null, resource: null,
    title: `Runaway breaker tripped: ${wouldKill} functions would have been throttled in one sweep (limit ${max}); ${skipped.length} left running`,
    evidence: { runId, wouldKill, killed, maxKillsPerSweep: max, leftRunning: skipped.join(', '), functions: skipped },
  }, now);
  deps.notifier.notifyAlert(alert, `runaway:breaker:${runId}`, { note: 'Check the findings, then throttle or restore by hand; raise runaway.maxKillsPerSweep if this is expected.' });
  return alert;
}

/** A compact text form of the points for the email (the full list stays in the evidence). */
export function pointsText(points: Array<{ at: string; value: number }>): string {
  return points.map((p) => `${p.at.slice(11, 16)}=${Math.round(p.value * 100) / 100}`).join(', ');
}
