import { addDays } from '../../core/clock.ts';
import { formatCents } from '../../core/money.ts';
import { accountInfo, budgetStatuses, movers, percent, weekMatrix, type SummaryDeps } from './summary.ts';
import { isoWeekLabel } from './weeks.ts';

export const TOP_ACCOUNTS = 5;

/** What the weekly manager report says about the ISO week starting `weekStart` (Monday), for every account. */
export function reportFigures(deps: SummaryDeps, weekStart: string, today: string) {
  const end = addDays(weekStart, 7);
  const prevStart = addDays(weekStart, -7);
  const m = weekMatrix(deps, null, prevStart, end);
  const cur = m.get(weekStart) ?? new Map<string, bigint>();
  const prev = m.get(prevStart) ?? new Map<string, bigint>();
  const sum = (x: Map<string, bigint>) => [...x.values()].reduce((a, b) => a + b, 0n);
  const total = sum(cur);
  const before = sum(prev);
  const info = accountInfo(deps);
  const inWeek = (iso: string | null) => !!iso && iso >= `${weekStart}T00:00:00.000Z` && iso < `${end}T00:00:00.000Z`;
  const incidents = deps.repos.alerts.list({ limit: 1000 }).filter((a) => inWeek(a.openedAt));
  const kills = deps.repos.runaway.throttles.history({ limit: 1000 }).filter((t) => inWeek(t.confirmedAt ?? t.createdAt) && t.state !== 'pending' && t.state !== 'failed');
  const waste = deps.repos.idle.findings.wastePerOwner(deps.clock.now().toISOString());
  return {
    week: isoWeekLabel(weekStart), weekStart, weekEnd: end, currency: deps.config.spend.currency,
    total: formatCents(total), previousTotal: formatCents(before), change: formatCents(total - before), changePercent: percent(total - before, before),
    topAccounts: [...cur].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : a[0].localeCompare(b[0]))).slice(0, TOP_ACCOUNTS)
      .map(([id, v]) => ({ accountId: id, name: info.get(id)?.name ?? id, owner: info.get(id)?.email ?? '', total: formatCents(v) })),
    movers: movers(deps, null, weekStart, m),
    budgetRisks: budgetStatuses(deps, null, today).filter((b) => b.status !== 'ok'),
    incidents: incidents.map((a) => ({ id: a.id, kind: a.kind, severity: a.severity, title: a.title, state: a.state, openedAt: a.openedAt })),
    kills: kills.map((t) => {
      const since = Date.parse(t.confirmedAt ?? t.createdAt);
      const until = t.restoredAt ? Date.parse(t.restoredAt) : deps.clock.now().getTime();
      const saved = (t.burnNanoPerHour * BigInt(Math.max(0, until - since))) / 3_600_000n;
      return { functionArn: t.functionArn, accountId: t.accountId, reason: t.reason, at: t.confirmedAt ?? t.createdAt, state: t.state, savedUsd: formatCents(saved) };
    }),
    idle: {
      // Each finding once (a finding with two owners is listed under both owners below).
      totalMonthly: formatCents(deps.repos.idle.findings.listOpen({ now: deps.clock.now().toISOString(), includeSnoozed: false }).reduce((a, f) => a + f.monthlyNano, 0n)),
      owners: waste.slice(0, TOP_ACCOUNTS).map((w) => ({ owner: w.owner, findings: w.findings, monthly: formatCents(w.monthlyNano) })),
    },
  };
}

export type ReportFigures = ReturnType<typeof reportFigures>;
