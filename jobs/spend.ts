import { addDays, monthStart, utcDay } from '../core/clock.ts';
import { formatAmount, fromUsd } from '../core/money.ts';
import { ensureAccounts, sandboxAccounts } from './discover.ts';
import { fetchStream } from './spend/costExplorer.ts';
import { createCeForecaster } from './spend/ceForecast.ts';
import { projectMonthEnd, runRateWindow } from './spend/forecast.ts';
import { evaluateBudgets } from './spend/alerting.ts';
import type { Job, JobContext } from './types.ts';

const BACKFILL_KEY = 'spend.backfilledAt';

function nextMonthStart(day: string): string {
  return addDays(monthStart(addDays(monthStart(day), 32)), 0);
}

async function forecastAll(ctx: JobContext, today: string) {
  const { config, repos } = ctx;
  const month = today.slice(0, 7);
  const mtd = new Map(repos.spend.monthToDate(monthStart(today), today, config.spend.currency).map((r) => [r.accountId, r.totalNano]));
  const rr = runRateWindow(today);
  const recent = new Map(repos.spend.totals(rr.from, rr.to, config.spend.currency).map((r) => [r.accountId, r]));
  const ce = config.budgets.forecast === 'cost-explorer' ? createCeForecaster(ctx.session, config.spend.metric, ctx.log) : undefined;
  const out = [];
  for (const account of sandboxAccounts(ctx)) {
    const actualNano = mtd.get(account.id) ?? 0n;
    const budgetNano = fromUsd(config.budgets.accounts[account.id] ?? config.budgets.defaultMonthlyUsd);
    const remainingFromCe = ce ? await ce(account.id, today, nextMonthStart(today)) : undefined;
    const r = recent.get(account.id);
    const forecastNano = remainingFromCe !== undefined
      ? actualNano + remainingFromCe
      : projectMonthEnd({ today, actualNano, recentNano: r?.totalNano ?? 0n, recentDays: r?.days ?? 0 });
    const row = { accountId: account.id, month, actualNano, forecastNano, budgetNano, method: remainingFromCe !== undefined ? 'cost-explorer' as const : 'projection' as const, computedAt: ctx.clock.now().toISOString() };
    repos.budgets.saveForecast(row);
    out.push({ ...row, account });
  }
  return out;
}

export const spendJob: Job = {
  id: 'spend',
  description: 'Collect daily spend per account and service from Cost Explorer, forecast the month, evaluate budgets.',
  async run(ctx) {
    const { config, repos, clock } = ctx;
    await ensureAccounts(ctx);
    const today = utcDay(clock.now());
    const backfilled = repos.meta.get(BACKFILL_KEY);
    const days = backfilled ? config.spend.windowDays : Math.max(config.spend.backfillDays, config.spend.windowDays);
    const start = addDays(today, -days);
    ctx.progress.start(2, `Cost Explorer ${start}..${today}`);
    const staging = repos.spendStaging;
    staging.clear();
    const usage = await fetchStream(ctx.session, 'usage', start, today, config.spend.metric, (rows) => staging.add('usage', rows));
    ctx.progress.tick('usage');
    const credits = await fetchStream(ctx.session, 'credits', start, today, config.spend.metric, (rows) => staging.add('credits', rows));
    ctx.progress.tick('credits');

    const skippedAccounts = staging.keepSandboxes(start, today);
    for (const f of staging.foreignCurrencies(config.spend.currency)) {
      ctx.recordError(f.accountId, null, `spend reported in ${f.units.join(', ')}, not ${config.spend.currency}: stored with its currency and left out of ${config.spend.currency} totals and budgets`);
    }
    const creditRows = staging.creditRows();
    const changedRows = staging.apply(start, today, config.spend.metric, clock.now().toISOString());
    if (!backfilled) repos.meta.set(BACKFILL_KEY, clock.now().toISOString(), clock.now().toISOString());
    ctx.progress.done();

    const forecasts = await forecastAll(ctx, today);
    const alertsRaised = evaluateBudgets(ctx, forecasts, today.slice(0, 7));
    const totals = repos.spend.totals(start, today, config.spend.currency);
    return {
      window: { start, end: today, backfill: !backfilled },
      accounts: totals.map((t) => ({ id: t.accountId, total: formatAmount(t.totalNano, 2), days: t.days })),
      ceRequests: usage.pages + credits.pages,
      changedRows,
      skippedAccounts,
      credits: creditRows,
      forecasts: forecasts.map((f) => ({ id: f.accountId, month: f.month, actual: formatAmount(f.actualNano, 2), forecast: formatAmount(f.forecastNano, 2), budget: formatAmount(f.budgetNano, 2), method: f.method })),
      alertsRaised,
    };
  },
};
