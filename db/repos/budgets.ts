import type { Db } from '../index.ts';

export interface ForecastRow {
  accountId: string;
  month: string;
  actualNano: bigint;
  forecastNano: bigint;
  budgetNano: bigint;
  method: 'cost-explorer' | 'projection';
  computedAt: string;
}

export function createBudgetsRepo(db: Db) {
  const upsertForecast = db.prepare(`INSERT INTO forecasts (account_id, month, actual_nano, forecast_nano, budget_nano, method, computed_at)
    VALUES (@accountId, @month, @actualNano, @forecastNano, @budgetNano, @method, @computedAt)
    ON CONFLICT (account_id, month) DO UPDATE SET actual_nano = excluded.actual_nano, forecast_nano = excluded.forecast_nano,
      budget_nano = excluded.budget_nano, method = excluded.method, computed_at = excluded.computed_at`);
  const crossed = db.prepare(`SELECT basis, threshold FROM budget_crossings WHERE account_id = ? AND month = ?`);
  const insertCrossing = db.prepare(`INSERT INTO budget_crossings (account_id, month, basis, threshold, crossed_at, alert_id)
    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
  const forecastsOf = db.prepare(`SELECT account_id AS accountId, month, actual_nano AS actualNano, forecast_nano AS forecastNano,
    budget_nano AS budgetNano, method, computed_at AS computedAt FROM forecasts WHERE month = ? ORDER BY account_id`).safeIntegers(true);

  return {
    saveForecast: (f: ForecastRow): void => void upsertForecast.run(f),
    forecasts: (month: string): ForecastRow[] =>
      (forecastsOf.all(month) as Array<ForecastRow & { computedAt: string }>).map((r) => ({ ...r })),
    /** Thresholds already crossed this month, as 'basis:threshold' keys. */
    crossedKeys: (accountId: string, month: string): Set<string> =>
      new Set((crossed.all(accountId, month) as Array<{ basis: string; threshold: number }>).map((r) => `${r.basis}:${r.threshold}`)),
    recordCrossing: (accountId: string, month: string, basis: 'actual' | 'forecast', threshold: number, now: string, alertId: number | null): boolean =>
      insertCrossing.run(accountId, month, basis, threshold, now, alertId).changes > 0,
  };
}

export type BudgetsRepo = ReturnType<typeof createBudgetsRepo>;
