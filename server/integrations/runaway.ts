import { ConflictError } from '../../core/errors.ts';
import { formatCents } from '../../core/money.ts';
import type { ThrottleRow } from '../../db/repos/runaway.ts';
import { restoreFunction } from '../../jobs/runaway/restore.ts';
import type { RunawayIntegration, ThrottledView } from '../integrations.ts';

/** Burn per hour while it ran away × hours it has been held throttled: what the kill saved, roughly. */
function savedNano(t: ThrottleRow, now: Date): bigint {
  const since = Date.parse(t.confirmedAt ?? t.createdAt);
  const until = t.restoredAt ? Date.parse(t.restoredAt) : now.getTime();
  const ms = BigInt(Math.max(0, until - since));
  return (t.burnNanoPerHour * ms) / 3_600_000n;
}

function view(t: ThrottleRow, now: Date): ThrottledView {
  return {
    id: t.id, functionArn: t.functionArn, functionName: t.functionArn.split(':function:')[1]?.split(':')[0] ?? t.functionArn,
    accountId: t.accountId, region: t.region, throttledAt: t.confirmedAt ?? t.createdAt, throttledBy: t.actor, reason: t.reason,
    previousConcurrency: t.previousConcurrency, alertId: t.alertId, savedUsd: formatCents(savedNano(t, now)),
  };
}

export const runawayIntegration: RunawayIntegration = {
  listThrottled: (deps) => deps.repos.runaway.throttles.listThrottled().map((t) => view(t, deps.clock.now())),
  getThrottled: (deps, id) => {
    const t = deps.repos.runaway.throttles.get(id);
    return t ? view(t, deps.clock.now()) : undefined;
  },
  async restore(deps, functionArn, by) {
    const active = deps.repos.runaway.throttles.active(functionArn);
    if (!active || active.state !== 'throttled') throw new ConflictError(`${functionArn} is not throttled${active ? ` (state ${active.state})` : ''}`);
    return restoreFunction(deps, functionArn, by);
  },
  samples: (deps, functionArn, from, to) =>
    deps.repos.runaway.samples.range(functionArn, from, to).map((s) => ({ minute: s.at, invocations: s.invocations ?? 0, errors: s.errors, throttles: s.throttles })),
};
