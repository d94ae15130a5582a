import { addDays, monthStart, utcDay } from '../../core/clock.ts';
import { formatCents, fromUsd } from '../../core/money.ts';
import type { Deps } from '../types.ts';
import { isoWeekLabel, lastCompleteWeek, weekStartOf, weekStarts } from './weeks.ts';

/** The account ids a viewer may see; null means every account. */
export type Scope = readonly string[] | null;
export type SummaryDeps = Pick<Deps, 'config' | 'repos' | 'clock'>;

export const STACKED_ACCOUNTS = 8;
export const MOVERS = 5;
/** The overview lists the riskiest accounts; /api/accounts has them all. */
export const OVERVIEW_BUDGETS = 25;

const sum = (m: Map<string, bigint> | undefined) => [...(m ?? new Map<string, bigint>()).values()].reduce((a, b) => a + b, 0n);
export const percent = (part: bigint, whole: bigint): number | null => (whole === 0n ? null : Number((part * 10_000n) / whole) / 100);
const usd = (n: bigint) => Number(formatCents(n)) || 0; // never -0

export function todayOf(deps: Pick<Deps, 'clock'>): string {
  return utcDay(deps.clock.now());
}

export type AccountInfo = Map<string, { name: string; email: string; isSandbox: boolean }>;

export function accountInfo(deps: SummaryDeps): AccountInfo {
  return deps.repos.dashboard.accountNames();
}

/** Spend per week start → account → nano, for weeks in [fromWeek, toWeek), restricted to the scope. */
export function weekMatrix(deps: SummaryDeps, scope: Scope, fromWeek: string, toWeek: string): Map<string, Map<string, bigint>> {
  const allowed = scope ? new Set(scope) : null;
  const out = new Map<string, Map<string, bigint>>();
  for (const r of deps.repos.dashboard.accountWeeks(fromWeek, toWeek, deps.config.spend.currency)) {
    if (allowed && !allowed.has(r.accountId)) continue;
    const week = out.get(r.weekStart) ?? new Map<string, bigint>();
    out.set(r.weekStart, week.set(r.accountId, r.amountNano));
  }
  return out;
}

/**
 * `weeks` complete ISO weeks ending with the last complete one: each week's total and change vs the week before, and
 * per account (columnar: one array entry per week, USD rounded to cents) its totals and changes, biggest last week first.
 */
export function weeklySeries(deps: SummaryDeps, scope: Scope, weeks: number, today = todayOf(deps)) {
  const last = lastCompleteWeek(today);
  const starts = weekStarts(last, weeks + 1);
  const m = weekMatrix(deps, scope, starts[0]!, addDays(last, 7));
  const info = accountInfo(deps);
  const ids = new Set<string>();
  for (const w of m.values()) for (const id of w.keys()) ids.add(id);
  const shown = starts.slice(1);
  const of = (w: string, id: string) => m.get(w)?.get(id) ?? 0n;
  const accounts = [...ids]
    .map((id) => ({ id, last: of(last, id) }))
    .sort((a, b) => (b.last > a.last ? 1 : b.last < a.last ? -1 : a.id.localeCompare(b.id)))
    .map(({ id }) => ({
      accountId: id, name: info.get(id)?.name ?? id,
      totals: shown.map((w) => usd(of(w, id))),
      changes: shown.map((w, i) => usd(of(w, id) - of(starts[i]!, id))),
    }));
  return {
    currency: deps.config.spend.currency,
    weeks: shown.map((start, i) => {
      const total = sum(m.get(start));
      const prevTotal = sum(m.get(starts[i]!));
      return { week: isoWeekLabel(start), start, end: addDays(start, 7), total: formatCents(total), change: formatCents(total - prevTotal), changePercent: percent(total - prevTotal, prevTotal) };
    }),
    accounts,
  };
}

export type BudgetStatus = 'over' | 'at-risk' | 'ok';

/** Each account in scope with month-to-date, forecast and budget for the current month, riskiest first. */
export function budgetStatuses(deps: SummaryDeps, scope: Scope, today = todayOf(deps)) {
  // Ordered riskiest first: forecast (or actual) percent of budget.
  const { config, repos } = deps;
  const month = today.slice(0, 7);
  const forecasts = new Map(repos.budgets.forecasts(month).map((f) => [f.accountId, f]));
  const allowed = scope ? new Set(scope) : null;
  const accounts = [...accountInfo(deps)].filter(([id, a]) => a.isSandbox && (!allowed || allowed.has(id))).map(([id, a]) => ({ id, ...a }));
  let mtd: Map<string, bigint> | undefined;
  const rows = accounts.map((a) => {
    const f = forecasts.get(a.id);
    const budget = f?.budgetNano ?? fromUsd(config.budgets.accounts[a.id] ?? config.budgets.defaultMonthlyUsd);
    const actual = f?.actualNano ?? (mtd ??= repos.dashboard.accountTotals(monthStart(today), today, config.spend.currency)).get(a.id) ?? 0n;
    const forecast = f?.forecastNano ?? null;
    const status: BudgetStatus = actual >= budget ? 'over' : forecast !== null && forecast >= budget ? 'at-risk' : 'ok';
    return {
      accountId: a.id, name: a.name, owner: a.email, status, month,
      monthToDate: formatCents(actual), forecast: forecast === null ? null : formatCents(forecast), budget: formatCents(budget),
      actualPercent: percent(actual, budget) ?? 0, forecastPercent: forecast === null ? null : percent(forecast, budget),
      forecastMethod: f?.method ?? null, computedAt: f?.computedAt ?? null,
    };
  });
  return rows.sort((x, y) => (y.forecastPercent ?? y.actualPercent) - (x.forecastPercent ?? x.actualPercent) || x.accountId.localeCompare(y.accountId));
}

/** Accounts and services with the largest increase from the week before `weekStart` to that week. */
export function movers(deps: SummaryDeps, scope: Scope, weekStart: string, m?: Map<string, Map<string, bigint>>, names?: AccountInfo) {
  const prevStart = addDays(weekStart, -7);
  const unit = deps.config.spend.currency;
  const matrix = m ?? weekMatrix(deps, scope, prevStart, addDays(weekStart, 7));
  const info = names ?? accountInfo(deps);
  const rank = (now: Map<string, bigint>, before: Map<string, bigint>) =>
    [...new Set([...now.keys(), ...before.keys()])]
      .map((key) => ({ key, now: now.get(key) ?? 0n, before: before.get(key) ?? 0n }))
      .filter((r) => r.now > r.before)
      .sort((a, b) => { const d = (b.now - b.before) - (a.now - a.before); return d > 0n ? 1 : d < 0n ? -1 : a.key.localeCompare(b.key); })
      .slice(0, MOVERS)
      .map((r) => ({ key: r.key, thisWeek: formatCents(r.now), lastWeek: formatCents(r.before), change: formatCents(r.now - r.before), changePercent: percent(r.now - r.before, r.before) }));
  const services = (start: string) => new Map(deps.repos.dashboard.serviceWeek(start, addDays(start, 7), unit, scope).map((r) => [r.key, r.amountNano]));
  return {
    accounts: rank(matrix.get(weekStart) ?? new Map(), matrix.get(prevStart) ?? new Map()).map(({ key, ...r }) => ({ accountId: key, name: info.get(key)?.name ?? key, ...r })),
    services: rank(services(weekStart), services(prevStart)).map(({ key, ...r }) => ({ service: key, ...r })),
  };
}

/** Daily totals of the last `days` days before today, each with its trailing 7-day average (missing days count as 0). */
export function dailyWithAverage(deps: SummaryDeps, scope: Scope, days: number, today = todayOf(deps)) {
  const from = addDays(today, -days);
  const got = new Map(deps.repos.dashboard.daily(addDays(from, -6), today, deps.config.spend.currency, scope).map((r) => [r.day, r.amountNano]));
  return Array.from({ length: days }, (_, i) => {
    const day = addDays(from, i);
    let window = 0n;
    for (let k = 0; k < 7; k++) window += got.get(addDays(day, -k)) ?? 0n;
    return { day, total: formatCents(got.get(day) ?? 0n), avg7: formatCents(window / 7n) };
  });
}

/** Everything the overview page shows, for one viewer's scope. */
export function overview(deps: SummaryDeps, scope: Scope, today = todayOf(deps)) {
  const last = lastCompleteWeek(today);
  const starts = weekStarts(last, 13);
  const shown = starts.slice(1);
  const m = weekMatrix(deps, scope, starts[0]!, addDays(last, 7));
  const info = accountInfo(deps);
  const twelve = new Map<string, bigint>();
  for (const w of shown) for (const [id, v] of m.get(w) ?? []) twelve.set(id, (twelve.get(id) ?? 0n) + v);
  const ranked = [...twelve].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : a[0].localeCompare(b[0]))).map(([id]) => id);
  const top = ranked.slice(0, STACKED_ACCOUNTS);
  const rest = ranked.slice(STACKED_ACCOUNTS);
  const datasets = top.map((id) => ({ accountId: id as string | null, label: info.get(id)?.name ?? id, data: shown.map((w) => usd(m.get(w)?.get(id) ?? 0n)) }));
  if (rest.length) datasets.push({ accountId: null, label: `Other accounts (${rest.length})`, data: shown.map((w) => usd(rest.reduce((a, id) => a + (m.get(w)?.get(id) ?? 0n), 0n))) });
  const thisWeek = sum(m.get(last));
  const prevWeek = sum(m.get(starts[11]!));
  const wtdStart = weekStartOf(today);
  const wtd = deps.repos.dashboard.daily(wtdStart, today, deps.config.spend.currency, scope).reduce((a, r) => a + r.amountNano, 0n);
  const allowed = scope ? new Set(scope) : null;
  const budgets = budgetStatuses(deps, scope, today);
  const count = (st: BudgetStatus) => budgets.filter((b) => b.status === st).length;
  const open = deps.repos.alerts.list({ state: 'open' }).filter((a) => !allowed || (a.accountId !== null && allowed.has(a.accountId)));
  return {
    currency: deps.config.spend.currency, today,
    thisWeek: { week: isoWeekLabel(last), start: last, total: formatCents(thisWeek), change: formatCents(thisWeek - prevWeek), changePercent: percent(thisWeek - prevWeek, prevWeek) },
    lastWeek: { week: isoWeekLabel(starts[11]!), start: starts[11]!, total: formatCents(prevWeek) },
    weekToDate: { start: wtdStart, total: formatCents(wtd) },
    stacked: { labels: shown.map(isoWeekLabel), datasets },
    daily: dailyWithAverage(deps, scope, 28, today),
    movers: movers(deps, scope, last, m, info),
    budgets: budgets.slice(0, OVERVIEW_BUDGETS),
    budgetCounts: { over: count('over'), atRisk: count('at-risk'), ok: count('ok'), total: budgets.length },
    openIncidents: { total: open.length, critical: open.filter((a) => a.severity === 'critical').length },
  };
}
