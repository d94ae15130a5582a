import type { Db } from '../index.ts';

export interface AccountWeek {
  accountId: string;
  weekStart: string;
  amountNano: bigint;
}

export interface Keyed {
  key: string;
  amountNano: bigint;
}

export interface DayAmount {
  day: string;
  amountNano: bigint;
}

export interface ServiceDay {
  day: string;
  service: string;
  amountNano: bigint;
}

export interface ReportWeekRow {
  isoWeek: string;
  weekStart: string;
  outboxKey: string;
  summary: unknown;
  createdAt: string;
}

/** Reads of the spend pre-aggregates (kept by triggers, migration 004) and the daily rows, for the dashboard. */
export function createDashboardRepo(db: Db) {
  const big = <T>(sql: string) => db.prepare<unknown[], T>(sql).safeIntegers(true);
  // Raw rows (arrays): the overview reads ~13 rows per account, object creation per row was the cost at 1,000 accounts.
  const accountWeeks = db.prepare(`SELECT account_id, week_start, amount_nano
    FROM spend_account_week WHERE week_start >= ? AND week_start < ? AND unit = ? AND amount_nano != 0 ORDER BY week_start, account_id`).safeIntegers(true).raw(true);
  const names = db.prepare('SELECT id, name, email, is_sandbox FROM accounts ORDER BY name, id').raw(true);
  const serviceWeek = big<Keyed>(`SELECT service AS key, amount_nano AS amountNano FROM spend_service_week
    WHERE week_start = ? AND unit = ? ORDER BY service`);
  const serviceWeekFor = big<Keyed>(`SELECT service AS key, SUM(amount_nano) AS amountNano FROM spend_daily
    WHERE day >= ? AND day < ? AND unit = ? AND account_id IN (SELECT value FROM json_each(?)) GROUP BY service ORDER BY service`);
  const orgDaily = big<DayAmount>(`SELECT day, SUM(amount_nano) AS amountNano FROM spend_account_day
    WHERE day >= ? AND day < ? AND unit = ? GROUP BY day ORDER BY day`);
  const orgDailyFor = big<DayAmount>(`SELECT day, SUM(amount_nano) AS amountNano FROM spend_account_day
    WHERE day >= ? AND day < ? AND unit = ? AND account_id IN (SELECT value FROM json_each(?)) GROUP BY day ORDER BY day`);
  const accountRange = big<Keyed>(`SELECT account_id AS key, SUM(amount_nano) AS amountNano FROM spend_account_day
    WHERE day >= ? AND day < ? AND unit = ? GROUP BY account_id`);
  const byService = big<ServiceDay>(`SELECT day, service, SUM(amount_nano) AS amountNano FROM spend_daily
    WHERE day >= ? AND day < ? AND unit = ? AND (? IS NULL OR account_id IN (SELECT value FROM json_each(?)))
    GROUP BY day, service ORDER BY day, service`);
  const lastDay = db.prepare('SELECT MAX(day) FROM spend_account_day').pluck();
  const reportGet = db.prepare(`SELECT iso_week AS isoWeek, week_start AS weekStart, outbox_key AS outboxKey, summary, created_at AS createdAt
    FROM report_weeks WHERE iso_week = ?`);
  const reportInsert = db.prepare(`INSERT INTO report_weeks (iso_week, week_start, outbox_key, summary, created_at)
    VALUES (?, ?, ?, ?, ?) ON CONFLICT (iso_week) DO NOTHING`);

  const runCounts = db.prepare('SELECT job, status, COUNT(*) AS n FROM job_runs GROUP BY job, status ORDER BY job, status');
  const apiCalls = db.prepare(`SELECT j.key AS call, SUM(j.value) AS n FROM job_runs, json_each(job_runs.api_calls) AS j GROUP BY j.key ORDER BY j.key`);
  const apiCost = big<{ job: string; nano: bigint }>('SELECT job, SUM(api_cost_nano) AS nano FROM job_runs GROUP BY job ORDER BY job');
  const lastDurations = db.prepare(`SELECT job, status, (julianday(finished_at) - julianday(started_at)) * 86400.0 AS seconds, finished_at AS finishedAt
    FROM job_runs WHERE id IN (SELECT MAX(id) FROM job_runs WHERE finished_at IS NOT NULL GROUP BY job) ORDER BY job`);

  const ids = (list: readonly string[]) => JSON.stringify(list);
  return {
    /** Per account and ISO week (Monday `weekStart`), weeks in [fromWeek, toWeek). */
    accountWeeks: (fromWeek: string, toWeek: string, unit: string): AccountWeek[] =>
      (accountWeeks.all(fromWeek, toWeek, unit) as Array<[string, string, bigint]>).map(([accountId, weekStart, amountNano]) => ({ accountId, weekStart, amountNano })),
    /** id → name and email of every account (a light read for labels). */
    accountNames: (): Map<string, { name: string; email: string; isSandbox: boolean }> =>
      new Map((names.all() as Array<[string, string, string, number]>).map(([id, name, email, sb]) => [id, { name, email, isSandbox: sb === 1 }])),
    /** Spend per service in the week starting `weekStart` (7 days), optionally for some accounts only. */
    serviceWeek: (weekStart: string, weekEnd: string, unit: string, accountIds: readonly string[] | null): Keyed[] =>
      accountIds ? serviceWeekFor.all(weekStart, weekEnd, unit, ids(accountIds)) : serviceWeek.all(weekStart, unit),
    /** Daily totals over [from, to), optionally for some accounts only. */
    daily: (from: string, to: string, unit: string, accountIds: readonly string[] | null): DayAmount[] =>
      accountIds ? orgDailyFor.all(from, to, unit, ids(accountIds)) : orgDaily.all(from, to, unit),
    /** Total per account over [from, to). */
    accountTotals: (from: string, to: string, unit: string): Map<string, bigint> =>
      new Map(accountRange.all(from, to, unit).map((r) => [r.key, r.amountNano])),
    /** Daily spend by service over [from, to), for the given accounts (null: all). */
    byService: (from: string, to: string, unit: string, accountIds: readonly string[] | null): ServiceDay[] =>
      byService.all(from, to, unit, accountIds ? 1 : null, ids(accountIds ?? [])),
    lastSpendDay: (): string | null => (lastDay.get() as string | null) ?? null,
    runCounts: () => runCounts.all() as Array<{ job: string; status: string; n: number }>,
    /** Total AWS API calls per 'service:Operation' over every recorded run. */
    apiCallTotals: () => apiCalls.all() as Array<{ call: string; n: number }>,
    apiCostByJob: (): Array<{ job: string; nano: bigint }> => apiCost.all(),
    lastDurations: () => lastDurations.all() as Array<{ job: string; status: string; seconds: number; finishedAt: string }>,
    report: (isoWeek: string): ReportWeekRow | undefined => {
      const r = reportGet.get(isoWeek) as (ReportWeekRow & { summary: string }) | undefined;
      return r ? { ...r, summary: JSON.parse(r.summary) } : undefined;
    },
    recordReport: (r: Omit<ReportWeekRow, 'summary'> & { summary: unknown }): boolean =>
      reportInsert.run(r.isoWeek, r.weekStart, r.outboxKey, JSON.stringify(r.summary), r.createdAt).changes > 0,
  };
}

export type DashboardRepo = ReturnType<typeof createDashboardRepo>;
