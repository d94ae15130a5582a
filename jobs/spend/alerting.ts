import { formatCents } from '../../core/money.ts';
import type { AccountRow } from '../../db/repos/accounts.ts';
import type { ForecastRow } from '../../db/repos/budgets.ts';
import type { JobContext } from '../types.ts';
import { budgetSeverity, newCrossings, percentOf, type Crossing } from './budget.ts';

const label = (c: Crossing) => `${c.basis} ${c.threshold}%`;

/** Raises (or updates) one budget incident per account-month for each newly crossed threshold, and notifies once. */
export function evaluateBudgets(ctx: JobContext, forecasts: Array<ForecastRow & { account: AccountRow }>, month: string) {
  const { repos, clock, config } = ctx;
  const now = clock.now().toISOString();
  // Last month's budget incidents end with the month.
  for (const a of repos.alerts.list({ state: 'open' })) {
    if (a.kind === 'budget' && !a.subject.endsWith(`:${month}`)) repos.alerts.resolve(a.id, now);
  }
  const raised: Array<{ accountId: string; crossed: string[]; severity: string }> = [];
  for (const f of forecasts) {
    const already = repos.budgets.crossedKeys(f.accountId, month);
    const fresh = newCrossings({ actualNano: f.actualNano, forecastNano: f.forecastNano, budgetNano: f.budgetNano, thresholds: config.budgets.thresholds, already });
    if (fresh.length === 0) continue;
    const all: Crossing[] = [...already].map((k) => ({ basis: k.split(':')[0] as Crossing['basis'], threshold: Number(k.split(':')[1]) })).concat(fresh);
    const severity = budgetSeverity(all);
    const top = fresh[fresh.length - 1]!;
    const { alert } = repos.alerts.upsertOpen({
      subject: `budget:${f.accountId}:${month}`, kind: 'budget', severity, accountId: f.accountId, resource: null,
      title: `${f.account.name} (${f.accountId}) ${top.basis === 'actual' ? 'has spent' : 'is forecast to spend'} ${top.threshold}% of its $${formatCents(f.budgetNano)} budget for ${month}`,
      evidence: {
        month, budgetUsd: formatCents(f.budgetNano), actualUsd: formatCents(f.actualNano), forecastUsd: formatCents(f.forecastNano),
        actualPercent: percentOf(f.actualNano, f.budgetNano), forecastPercent: percentOf(f.forecastNano, f.budgetNano),
        forecastMethod: f.method, newlyCrossed: fresh.map(label).join(', '), crossed: all.map(label).join(', '),
      },
    }, now);
    for (const c of fresh) repos.budgets.recordCrossing(f.accountId, month, c.basis, c.threshold, now, alert.id);
    ctx.notifier.notifyAlert(alert, `budget:${f.accountId}:${month}:${fresh.map(label).join(',')}`, { owner: f.account.email || null, note: `Newly crossed: ${fresh.map(label).join(', ')}` });
    raised.push({ accountId: f.accountId, crossed: fresh.map(label), severity });
  }
  return raised;
}
