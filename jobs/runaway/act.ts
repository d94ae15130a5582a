import { forEachTarget } from '../../aws/pool.ts';
import { formatCents } from '../../core/money.ts';
import type { Severity } from '../../db/repos/alerts.ts';
import type { JobContext } from '../types.ts';
import type { Finding } from './detectors/types.ts';
import { ownerOf, pointsText, raiseBreakerIncident, raiseFunctionIncident, raiseKillIncident } from './alerts.ts';
import { throttleFunction, type KillHooks, type KillOutcome } from './killSwitch.ts';
import type { Evaluated, Target } from './sweep.ts';

export type Action = 'throttled' | 'alerted' | 'exempt' | 'dry-run' | 'none';

export interface ReportFinding {
  accountId: string;
  region: string;
  functionArn: string;
  detector: string;
  action: Action;
  summary: string;
}

interface Case {
  target: Target;
  e: Evaluated;
  kill: Finding[];
  alertOnly: Finding[];
}

const usd = (n: number) => formatCents(BigInt(Math.round(n * 1e9)));

function evidenceOf(c: Case, action: Action, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const main = c.kill[0] ?? c.alertOnly[0]!;
  return {
    detector: main.detector, summary: main.summary, action, mode: c.e.policy.mode, functionArn: c.e.fn.arn, region: c.target.region,
    estimatedUsdPerHour: usd(c.e.evaluation.burnUsdPerHour), evidencePoints: pointsText(main.evidence.points),
    loopSuspect: c.e.policy.suspect.join('; ') || undefined, exemption: c.e.policy.exemption.why ?? undefined, inCooldown: c.e.policy.inCooldown || undefined,
    ...extra,
    findings: [...c.kill, ...c.alertOnly].map((f) => ({ detector: f.detector, summary: f.summary, ...f.evidence })),
  };
}

function incident(ctx: JobContext, c: Case, severity: Severity, action: Action, event: string, title: string, extra: Record<string, unknown> = {}, note?: string) {
  return raiseFunctionIncident(ctx, {
    functionArn: c.e.fn.arn, accountId: c.target.accountId, severity, title, evidence: evidenceOf(c, action, extra),
    owner: ownerOf(ctx, c.e.fn.tags, c.target.account), notifyKey: `runaway:${c.e.fn.arn}:${event}`, note,
  });
}

/** Decides and carries out the action for every function with findings; returns the report's findings. */
export async function actOnFindings(ctx: JobContext, swept: Array<{ target: Target; evaluated: Evaluated[] }>, hooks: KillHooks = {}) {
  const cases: Case[] = [];
  for (const { target, evaluated } of swept) {
    for (const e of evaluated) {
      if (e.evaluation.findings.length === 0 || ctx.repos.runaway.throttles.active(e.fn.arn)) continue;
      cases.push({ target, e, kill: e.evaluation.findings.filter((f) => f.kill), alertOnly: e.evaluation.findings.filter((f) => !f.kill) });
    }
  }
  const actions = new Map<Case, Action>();
  const candidates: Case[] = [];
  for (const c of cases) {
    const name = `${c.e.fn.name} (${c.target.accountId}, ${c.target.region})`;
    if (c.kill.length === 0) {
      const alerting = c.alertOnly.filter((f) => f.severity !== 'info');
      actions.set(c, alerting.length ? 'alerted' : 'none');
      if (alerting.length) incident(ctx, c, 'warning', 'alerted', 'alerted', `Lambda ${name}: ${alerting[0]!.summary}`);
    } else if (c.e.policy.exemption.exempt) {
      actions.set(c, 'exempt');
      incident(ctx, c, 'warning', 'exempt', 'exempt', `Runaway Lambda ${name} is exempt and was not throttled: ${c.kill[0]!.summary}`);
    } else if (c.e.policy.mode === 'dry-run') {
      actions.set(c, 'dry-run');
      incident(ctx, c, 'warning', 'dry-run', 'dry-run', `Runaway Lambda ${name} would be throttled (dry-run): ${c.kill[0]!.summary}`);
    } else candidates.push(c);
  }
  // Breaker: the most expensive first; beyond maxKillsPerSweep nothing more is touched this sweep.
  candidates.sort((a, b) => b.e.evaluation.burnUsdPerHour - a.e.evaluation.burnUsdPerHour);
  const max = ctx.config.runaway.maxKillsPerSweep;
  const toKill = candidates.slice(0, max);
  const skipped = candidates.slice(max);
  const outcomes = new Map<Case, KillOutcome>();
  await forEachTarget(toKill.map((c) => ({ accountId: c.target.accountId, region: c.target.region, c })), ctx.config.aws.concurrency, async ({ c }) => {
    outcomes.set(c, await throttleFunction(ctx, {
      functionArn: c.e.fn.arn, accountId: c.target.accountId, region: c.target.region, detector: c.kill[0]!.detector, reason: c.kill[0]!.summary,
      burnUsdPerHour: c.e.evaluation.burnUsdPerHour, evidence: evidenceOf(c, 'throttled'),
    }, hooks));
  }, (err) => ctx.recordError(err.accountId, err.region, `kill switch: ${err.message}`));
  for (const c of toKill) {
    const o = outcomes.get(c);
    const name = `${c.e.fn.name} (${c.target.accountId}, ${c.target.region})`;
    if (o?.outcome === 'throttled') {
      actions.set(c, 'throttled');
      raiseKillIncident(ctx, o.throttle, { evidence: evidenceOf(c, 'throttled'), owner: ownerOf(ctx, c.e.fn.tags, c.target.account), tagsWritten: o.tagsWritten });
    } else if (o?.outcome === 'cannot-enforce') {
      actions.set(c, 'alerted');
      incident(ctx, c, 'critical', 'alerted', 'cannot-enforce', `Cannot enforce: runaway Lambda ${name} could not be throttled (${o.error})`, { cannotEnforce: o.error },
        'The member role lacks lambda:PutFunctionConcurrency (or GetFunctionConcurrency/TagResource); the function is still running.');
    } else {
      actions.set(c, 'none');
      if (o?.outcome === 'error') ctx.recordError(c.target.accountId, c.target.region, `kill switch for ${c.e.fn.arn}: ${o.error}`);
    }
  }
  for (const c of skipped) {
    actions.set(c, 'alerted');
    incident(ctx, c, 'critical', 'alerted', 'breaker', `Runaway Lambda ${c.e.fn.name} (${c.target.accountId}) NOT throttled: breaker tripped`, { breaker: true });
  }
  const breakerTripped = skipped.length > 0;
  if (breakerTripped) raiseBreakerIncident(ctx, ctx.runId, candidates.length, [...outcomes.values()].filter((o) => o.outcome === 'throttled').length, skipped.map((c) => c.e.fn.arn));
  const findings: ReportFinding[] = cases.flatMap((c) => [...c.kill, ...c.alertOnly].map((f) => ({
    accountId: c.target.accountId, region: c.target.region, functionArn: c.e.fn.arn, detector: f.detector,
    action: f.kill ? actions.get(c)! : f.severity === 'info' ? 'none' as const : 'alerted' as const, summary: f.summary,
  })));
  return { findings, breakerTripped, killed: [...actions.values()].filter((a) => a === 'throttled').length };
}
