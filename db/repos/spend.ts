import type { Db } from '../index.ts';

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

const SEP = '\x1f';

export function createSpendRepo(db: Db) {
  const upsertUsage = db.prepare(`INSERT INTO spend_daily (account_id, day, service, amount_nano, unit, estimated, metric, updated_at)
    VALUES (@accountId, @day, @service, @amountNano, @unit, @estimated, @metric, @now)
    ON CONFLICT (account_id, day, service) DO UPDATE SET amount_nano = excluded.amount_nano, unit = excluded.unit,
      estimated = excluded.estimated, metric = excluded.metric, updated_at = excluded.updated_at
    WHERE amount_nano IS NOT excluded.amount_nano OR estimated IS NOT excluded.estimated OR unit IS NOT excluded.unit`);
  const upsertCredit = db.prepare(`INSERT INTO spend_credits (account_id, day, record_type, amount_nano, unit, estimated, updated_at)
    VALUES (@accountId, @day, @recordType, @amountNano, @unit, @estimated, @now)
    ON CONFLICT (account_id, day, record_type) DO UPDATE SET amount_nano = excluded.amount_nano, unit = excluded.unit,
      estimated = excluded.estimated, updated_at = excluded.updated_at
    WHERE amount_nano IS NOT excluded.amount_nano OR estimated IS NOT excluded.estimated`);
  // A restated window replaces what was stored for it: services that vanished from Cost Explorer's answer are removed.
  const deleteUsage = db.prepare('DELETE FROM spend_daily WHERE account_id = ? AND day = ? AND service = ?');
  const clearCredits = db.prepare('DELETE FROM spend_credits WHERE day >= ? AND day < ?');
  const existingUsage = db.prepare(`SELECT account_id || char(31) || day || char(31) || service AS k,
    amount_nano || '|' || estimated || '|' || unit AS v FROM spend_daily WHERE day >= ? AND day < ?`);
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
    /** Replaces the stored window [from, to) with Cost Explorer's answer in one transaction. Returns the rows that differ. */
    replaceWindow: db.transaction((from: string, to: string, usage: SpendDay[], credits: CreditDay[], metric: string, now: string): number => {
      const before = new Map<string, string>();
      for (const r of existingUsage.all(from, to) as Array<{ k: string; v: string }>) before.set(r.k, r.v);
      let changed = 0;
      for (const u of usage) {
        const key = [u.accountId, u.day, u.service].join(SEP);
        if (before.get(key) !== `${u.amountNano}|${u.estimated ? 1 : 0}|${u.unit}`) changed++;
        before.delete(key);
      }
      changed += before.size; // rows Cost Explorer no longer reports for the window
      for (const key of before.keys()) {
        const [accountId, day, service] = key.split(SEP);
        deleteUsage.run(accountId, day, service);
      }
      clearCredits.run(from, to);
      for (const u of usage) upsertUsage.run({ ...u, estimated: u.estimated ? 1 : 0, metric, now });
      for (const c of credits) upsertCredit.run({ ...c, estimated: c.estimated ? 1 : 0, now });
      return changed;
    }),
    totals: (from: string, to: string, unit: string): AccountTotal[] =>
      (totals.all(from, to, unit) as Array<{ accountId: string; totalNano: bigint; days: bigint }>).map((r) => ({ accountId: r.accountId, totalNano: r.totalNano, days: Number(r.days) })),
    monthToDate: (from: string, to: string, unit: string) =>
      (monthToDate.all(from, to, unit) as Array<{ accountId: string; totalNano: bigint; days: bigint; lastDay: string }>).map((r) => ({ ...r, days: Number(r.days) })),
    rowCount: (): number => countUsage.get() as number,
    firstDay: (): string | null => (firstDay.get() as string | null) ?? null,
  };
}

export type SpendRepo = ReturnType<typeof createSpendRepo>;
