import type { Db } from '../index.ts';

export interface SampleRow {
  series: string;
  at: string;
  invocations: number | null;
  errors: number | null;
  throttles: number | null;
  durationAvg: number | null;
  concurrency: number | null;
  recursiveDropped: number | null;
}

export const accountSeriesKey = (accountId: string, region: string): string => `account:${accountId}:${region}`;

export function createRunawaySamplesRepo(db: Db) {
  const upsert = db.prepare(`INSERT INTO runaway_samples (series, at, invocations, errors, throttles, duration_avg, concurrency, recursive_dropped)
    VALUES (@series, @at, @invocations, @errors, @throttles, @durationAvg, @concurrency, @recursiveDropped)
    ON CONFLICT (series, at) DO UPDATE SET invocations = excluded.invocations, errors = excluded.errors, throttles = excluded.throttles,
      duration_avg = excluded.duration_avg, concurrency = excluded.concurrency, recursive_dropped = excluded.recursive_dropped`);
  const range = db.prepare(`SELECT series, at, invocations, errors, throttles, duration_avg AS durationAvg, concurrency,
    recursive_dropped AS recursiveDropped FROM runaway_samples WHERE series = ? AND at >= ? AND at < ? ORDER BY at`);
  const prune = db.prepare('DELETE FROM runaway_samples WHERE at < ?');

  return {
    /** Upserts minutes: a later sweep's (more complete) value of a minute replaces the earlier one. */
    save: db.transaction((rows: SampleRow[]): number => {
      for (const r of rows) upsert.run(r);
      return rows.length;
    }),
    /** The stored per-minute samples of one function (its ARN) or account-region series in [from, to), oldest first. */
    range: (series: string, from: string, to: string): SampleRow[] => range.all(series, from, to) as SampleRow[],
    prune: (before: string): number => prune.run(before).changes,
  };
}

export type RunawaySamplesRepo = ReturnType<typeof createRunawaySamplesRepo>;
