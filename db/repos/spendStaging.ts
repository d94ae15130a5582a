import type { Db } from '../index.ts';

export interface StagedRow {
  accountId: string;
  day: string;
  /** The service (usage stream) or the record type (credits stream). */
  key: string;
  amountNano: bigint;
  unit: string;
  estimated: boolean;
}

export type StageStream = 'usage' | 'credits';

/**
 * Cost Explorer pages are staged page by page in connection-local temp tables, then applied to the window in one
 * transaction: memory stays bounded by a page, not by the organization × window (13.6M rows at 5,000 accounts).
 */
export function createSpendStagingRepo(db: Db) {
  for (const t of ['stage_usage', 'stage_credits']) {
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS ${t} (account_id TEXT NOT NULL, day TEXT NOT NULL, key TEXT NOT NULL,
      amount_nano INTEGER NOT NULL, unit TEXT NOT NULL, estimated INTEGER NOT NULL, PRIMARY KEY (account_id, day, key)) WITHOUT ROWID`);
  }
  const add = (t: string) => db.prepare(`INSERT INTO temp.${t} (account_id, day, key, amount_nano, unit, estimated)
    VALUES (@accountId, @day, @key, @amountNano, @unit, @estimated)
    ON CONFLICT (account_id, day, key) DO UPDATE SET
      amount_nano = CASE WHEN unit = excluded.unit THEN amount_nano + excluded.amount_nano ELSE excluded.amount_nano END,
      unit = excluded.unit, estimated = MAX(estimated, excluded.estimated)`);
  const addUsage = add('stage_usage');
  const addCredit = add('stage_credits');
  const sandbox = 'SELECT id FROM accounts WHERE is_sandbox = 1';
  const outsiders = db.prepare(`SELECT COUNT(DISTINCT account_id) FROM (SELECT account_id FROM temp.stage_usage UNION ALL SELECT account_id FROM temp.stage_credits)
    WHERE account_id NOT IN (${sandbox})`).pluck();
  const dropUsage = db.prepare(`DELETE FROM temp.stage_usage WHERE account_id NOT IN (${sandbox}) OR day < ? OR day >= ?`);
  const dropCredits = db.prepare(`DELETE FROM temp.stage_credits WHERE account_id NOT IN (${sandbox}) OR day < ? OR day >= ?`);
  const foreign = db.prepare(`SELECT account_id AS accountId, group_concat(DISTINCT unit) AS units FROM
    (SELECT account_id, unit FROM temp.stage_usage UNION ALL SELECT account_id, unit FROM temp.stage_credits) WHERE unit != ? GROUP BY account_id ORDER BY account_id`);
  const creditCount = db.prepare('SELECT COUNT(*) FROM temp.stage_credits').pluck();
  const changedOrNew = db.prepare(`SELECT COUNT(*) FROM temp.stage_usage s LEFT JOIN spend_daily d
    ON d.account_id = s.account_id AND d.day = s.day AND d.service = s.key
    WHERE d.account_id IS NULL OR d.amount_nano != s.amount_nano OR d.estimated != s.estimated OR d.unit != s.unit`).pluck();
  const notStaged = `NOT EXISTS (SELECT 1 FROM temp.stage_usage s WHERE s.account_id = spend_daily.account_id AND s.day = spend_daily.day AND s.key = spend_daily.service)`;
  const vanished = db.prepare(`SELECT COUNT(*) FROM spend_daily WHERE day >= ? AND day < ? AND ${notStaged}`).pluck();
  const deleteVanished = db.prepare(`DELETE FROM spend_daily WHERE day >= ? AND day < ? AND ${notStaged}`);
  const upsertUsage = db.prepare(`INSERT INTO spend_daily (account_id, day, service, amount_nano, unit, estimated, metric, updated_at)
    SELECT account_id, day, key, amount_nano, unit, estimated, @metric, @now FROM temp.stage_usage WHERE true
    ON CONFLICT (account_id, day, service) DO UPDATE SET amount_nano = excluded.amount_nano, unit = excluded.unit,
      estimated = excluded.estimated, metric = excluded.metric, updated_at = excluded.updated_at
    WHERE amount_nano IS NOT excluded.amount_nano OR estimated IS NOT excluded.estimated OR unit IS NOT excluded.unit`);
  const clearCredits = db.prepare('DELETE FROM spend_credits WHERE day >= ? AND day < ?');
  const insertCredits = db.prepare(`INSERT INTO spend_credits (account_id, day, record_type, amount_nano, unit, estimated, updated_at)
    SELECT account_id, day, key, amount_nano, unit, estimated, ? FROM temp.stage_credits`);
  const clear = () => db.exec('DELETE FROM temp.stage_usage; DELETE FROM temp.stage_credits;');

  const stageRows = db.transaction((stream: StageStream, rows: StagedRow[]) => {
    const stmt = stream === 'usage' ? addUsage : addCredit;
    for (const r of rows) stmt.run({ ...r, estimated: r.estimated ? 1 : 0 });
  });

  return {
    clear,
    add: (stream: StageStream, rows: StagedRow[]): void => stageRows(stream, rows),
    /** Drops staged rows of accounts that are not sandboxes (and days outside the window); returns how many accounts. */
    keepSandboxes: (from: string, to: string): number => {
      const n = outsiders.get() as number;
      dropUsage.run(from, to);
      dropCredits.run(from, to);
      return n;
    },
    foreignCurrencies: (currency: string): Array<{ accountId: string; units: string[] }> =>
      (foreign.all(currency) as Array<{ accountId: string; units: string }>).map((r) => ({ accountId: r.accountId, units: r.units.split(',') })),
    creditRows: (): number => creditCount.get() as number,
    /** Replaces the stored window [from, to) with what is staged, in one transaction; returns the rows that differ. */
    apply: db.transaction((from: string, to: string, metric: string, now: string): number => {
      const changed = (changedOrNew.get() as number) + (vanished.get(from, to) as number);
      deleteVanished.run(from, to);
      upsertUsage.run({ metric, now });
      clearCredits.run(from, to);
      insertCredits.run(now);
      clear();
      return changed;
    }),
  };
}

export type SpendStagingRepo = ReturnType<typeof createSpendStagingRepo>;
