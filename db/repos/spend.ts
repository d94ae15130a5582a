import type { Db } from '../index.ts';
import type { SpendStagingRepo } from './spendStaging.ts';

export interface SpendDay {
  accountId: string;
  day: string;
  service: string;
  amountNano: bigint;
  unit: string;
  estimated: boolean;
}

export interface CreditDay {
  accountId: string;
  day: string;
  recordType: string;
  amountNano: bigint;
  unit: string;
  estimated: boolean;
}

export interface AccountTotal {
  accountId: string;
  totalNano: bigint;
  days: number;
}

export function createSpendRepo(db: Db, staging: SpendStagingRepo) {
  const countUsage = db.prepare('SELECT COUNT(*) FROM spend_daily').pluck();
  const totals = db
    .prepare(`SELECT account_id AS accountId, SUM(amount_nano) AS totalNano, COUNT(DISTINCT day) AS days
      FROM spend_daily WHERE day >= ? AND day < ? AND unit = ? GROUP BY account_id ORDER BY account_id`)
    .safeIntegers(true);
  const monthToDate = db
    .prepare(`SELECT account_id AS accountId, SUM(amount_nano) AS totalNano, COUNT(DISTINCT day) AS days, MAX(day) AS lastDay
      FROM spend_daily WHERE day >= ? AND day < ? AND unit = ? GROUP BY account_id`)
    .safeIntegers(true);
  const firstDay = db.prepare('SELECT MIN(day) FROM spend_daily').pluck();

  return {
    /** Replaces the stored window [from, to) with these rows in one transaction (through the staging tables). */
    replaceWindow: (from: string, to: string, usage: SpendDay[], credits: CreditDay[], metric: string, now: string): number => {
      staging.clear();
      staging.add('usage', usage.map((u) => ({ ...u, key: u.service })));
      staging.add('credits', credits.map((c) => ({ ...c, key: c.recordType })));
      return staging.apply(from, to, metric, now);
    },
    totals: (from: string, to: string, unit: string): AccountTotal[] =>
      (totals.all(from, to, unit) as Array<{ accountId: string; totalNano: bigint; days: bigint }>).map((r) => ({ accountId: r.accountId, totalNano: r.totalNano, days: Number(r.days) })),
    monthToDate: (from: string, to: string, unit: string) =>
      (monthToDate.all(from, to, unit) as Array<{ accountId: string; totalNano: bigint; days: bigint; lastDay: string }>).map((r) => ({ ...r, days: Number(r.days) })),
    rowCount: (): number => countUsage.get() as number,
    firstDay: (): string | null => (firstDay.get() as string | null) ?? null,
  };
}

export type SpendRepo = ReturnType<typeof createSpendRepo>;
