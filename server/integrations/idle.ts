import { formatCents } from '../../core/money.ts';
import type { FindingRow } from '../../db/repos/idleFindings.ts';
import { snoozeFinding } from '../../jobs/idle/snooze.ts';
import type { FindingView, IdleIntegration } from '../integrations.ts';

function view(f: FindingRow, now: string): FindingView {
  const snoozed = f.snoozedUntil !== null && f.snoozedUntil > now;
  return {
    id: f.id, accountId: f.accountId, owner: f.owner, owners: f.owners, check: f.checkId, resourceType: f.resourceType, resourceId: f.resourceId,
    resourceName: f.resourceName, region: f.region, title: f.reason, monthlyWasteUsd: formatCents(f.monthlyNano), estimate: f.estimate,
    state: f.state === 'open' && snoozed ? 'snoozed' : f.state, snoozedUntil: f.snoozedUntil, detectedAt: f.firstSeen, command: f.command,
  };
}

export const idleIntegration: IdleIntegration = {
  findings: (deps, scope) => {
    const now = deps.clock.now().toISOString();
    return deps.repos.idle.findings.listOpen({ now, includeSnoozed: true }).filter((f) => scope === null || scope.includes(f.accountId)).map((f) => view(f, now));
  },
  getFinding: (deps, id) => {
    const f = deps.repos.idle.findings.get(id);
    return f ? view(f, deps.clock.now().toISOString()) : undefined;
  },
  snooze: async (deps, id, opts) => snoozeFinding(deps, id, opts),
};
