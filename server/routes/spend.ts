import type { FastifyInstance } from 'fastify';
import { addDays, daysBetween, utcDay } from '../../core/clock.ts';
import { InputError } from '../../core/errors.ts';
import { formatCents } from '../../core/money.ts';
import { overview, weeklySeries } from '../../jobs/report/summary.ts';
import type { AppDeps } from '../app.ts';
import { accountScope, requireAccount } from '../auth/viewer.ts';
import { accountId, budgetRow, day, money, moverRow, pct } from './schemas.ts';

/** Longest range /api/spend/daily answers for one account, and for all of a viewer's accounts. */
export const MAX_DAYS_ACCOUNT = 400;
export const MAX_DAYS_ALL = 92;

function realDay(value: string | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(Date.parse(`${value}T00:00:00Z`)) || utcDay(new Date(`${value}T00:00:00Z`)) !== value) throw new InputError(`${field}: ${JSON.stringify(value)} is not a calendar date`, field);
  return value;
}

const week = { type: 'object', properties: { week: { type: 'string' }, start: day, end: day, total: money, change: money, changePercent: pct } } as const;
const usdList = { type: 'array', items: { type: 'number' }, description: 'one entry per week, USD rounded to cents' } as const;

export async function spendRoutes(app: FastifyInstance, opts: { deps: AppDeps }) {
  const { deps } = opts;

  app.get<{ Querystring: { weeks: number } }>('/api/spend/weekly', {
    schema: {
      tags: ['spend'], summary: 'Per complete ISO week: total, per account, change vs the previous week',
      querystring: { type: 'object', properties: { weeks: { type: 'integer', minimum: 1, maximum: 104, default: 12 } } },
      response: { 200: { type: 'object', properties: { currency: { type: 'string' }, weeks: { type: 'array', items: week }, accounts: { type: 'array', items: { type: 'object', properties: { accountId: { type: 'string' }, name: { type: 'string' }, totals: usdList, changes: usdList } } } } } },
    },
  }, async (req) => weeklySeries(deps, accountScope(deps, req.viewer!), req.query.weeks));

  app.get('/api/overview', {
    schema: {
      tags: ['spend'], summary: 'Everything the overview page shows',
      response: {
        200: {
          type: 'object',
          properties: {
            currency: { type: 'string' }, today: day,
            thisWeek: { type: 'object', properties: { week: { type: 'string' }, start: day, total: money, change: money, changePercent: pct } },
            lastWeek: { type: 'object', properties: { week: { type: 'string' }, start: day, total: money } },
            weekToDate: { type: 'object', properties: { start: day, total: money } },
            stacked: { type: 'object', properties: { labels: { type: 'array', items: { type: 'string' } }, datasets: { type: 'array', items: { type: 'object', properties: { accountId: { type: ['string', 'null'] }, label: { type: 'string' }, data: { type: 'array', items: { type: 'number' } } } } } } },
            daily: { type: 'array', items: { type: 'object', properties: { day, total: money, avg7: money } } },
            movers: { type: 'object', properties: { accounts: { type: 'array', items: moverRow }, services: { type: 'array', items: moverRow } } },
            budgets: { type: 'array', items: budgetRow, description: 'the 25 riskiest accounts; /api/accounts lists all' },
            budgetCounts: { type: 'object', properties: { over: { type: 'integer' }, atRisk: { type: 'integer' }, ok: { type: 'integer' }, total: { type: 'integer' } } },
            openIncidents: { type: 'object', properties: { total: { type: 'integer' }, critical: { type: 'integer' } } },
          },
        },
      },
    },
  }, async (req) => overview(deps, accountScope(deps, req.viewer!)));

  app.get<{ Querystring: { account?: string; from?: string; to?: string; days?: number } }>('/api/spend/daily', {
    schema: {
      tags: ['spend'],
      summary: `Daily spend by service for one account (or all the viewer's); ranges longer than ${MAX_DAYS_ACCOUNT} days (${MAX_DAYS_ALL} for all accounts) are clamped`,
      querystring: { type: 'object', properties: { account: accountId, from: day, to: day, days: { type: 'integer', minimum: 1, maximum: MAX_DAYS_ACCOUNT, description: 'instead of from: the last N days before to' } } },
      response: {
        200: {
          type: 'object',
          properties: {
            account: { type: ['string', 'null'] }, from: day, to: day, clamped: { type: 'boolean' }, currency: { type: 'string' },
            days: { type: 'array', items: day },
            services: { type: 'array', items: { type: 'object', properties: { service: { type: 'string' }, total: money, data: { type: 'array', items: { type: 'number' } } } } },
          },
        },
      },
    },
  }, async (req) => {
    const q = req.query;
    const viewer = req.viewer!;
    if (q.account) requireAccount(deps, viewer, q.account);
    const today = utcDay(deps.clock.now());
    let to = realDay(q.to, 'to') ?? today;
    let from = realDay(q.from, 'from') ?? addDays(to, -(q.days ?? 30));
    if (from > to) throw new InputError(`from (${from}) is after to (${to})`, 'from');
    let clamped = false;
    if (to > addDays(today, 1)) { to = addDays(today, 1); clamped = true; }
    const max = q.account ? MAX_DAYS_ACCOUNT : MAX_DAYS_ALL;
    if (daysBetween(from, to) > max) { from = addDays(to, -max); clamped = true; }
    if (from > to) from = to;
    const scope = q.account ? [q.account] : accountScope(deps, viewer);
    const rows = deps.repos.dashboard.byService(from, to, deps.config.spend.currency, scope);
    const days = Array.from({ length: daysBetween(from, to) }, (_, i) => addDays(from, i));
    const index = new Map(days.map((d, i) => [d, i]));
    const series = new Map<string, { nano: bigint[]; total: bigint }>();
    for (const r of rows) {
      const s = series.get(r.service) ?? { nano: days.map(() => 0n), total: 0n };
      s.nano[index.get(r.day)!] = r.amountNano;
      s.total += r.amountNano;
      series.set(r.service, s);
    }
    const services = [...series].sort((a, b) => (b[1].total > a[1].total ? 1 : b[1].total < a[1].total ? -1 : a[0].localeCompare(b[0])))
      .map(([service, s]) => ({ service, total: formatCents(s.total), data: s.nano.map((n) => Number(formatCents(n))) }));
    return { account: q.account ?? null, from, to, clamped, currency: deps.config.spend.currency, days, services };
  });
}
