import type { Db } from '../index.ts';
import type { ConfigRef, EventSource } from '../../jobs/runaway/detectors/types.ts';
import type { Architecture } from '../../jobs/runaway/prices.ts';

export interface FunctionRow {
  arn: string;
  accountId: string;
  region: string;
  name: string;
  memoryMb: number;
  architecture: Architecture;
  tags: Record<string, string>;
  sources: EventSource[];
  refs: ConfigRef[];
  seenAt: string;
  deletedAt: string | null;
  burnNanoPerHour: bigint | null;
  burnAt: string | null;
  cooldownUntil: string | null;
}

export type FunctionInput = Omit<FunctionRow, 'seenAt' | 'deletedAt' | 'burnNanoPerHour' | 'burnAt' | 'cooldownUntil'>;

const COLUMNS = `arn, account_id AS accountId, region, name, memory_mb AS memoryMb, architecture, tags, sources, refs, seen_at AS seenAt,
  deleted_at AS deletedAt, burn_nano_per_hour AS burnNanoPerHour, burn_at AS burnAt, cooldown_until AS cooldownUntil`;

function hydrate(r: unknown): FunctionRow {
  const row = r as Record<string, unknown>;
  return {
    ...(row as unknown as FunctionRow),
    tags: JSON.parse(String(row.tags)), sources: JSON.parse(String(row.sources)), refs: JSON.parse(String(row.refs)),
    burnNanoPerHour: row.burnNanoPerHour === null ? null : BigInt(row.burnNanoPerHour as number | bigint),
  };
}

export function createRunawayInventoryRepo(db: Db) {
  const upsert = db.prepare(`INSERT INTO runaway_functions (arn, account_id, region, name, memory_mb, architecture, tags, sources, refs, seen_at, deleted_at)
    VALUES (@arn, @accountId, @region, @name, @memoryMb, @architecture, @tags, @sources, @refs, @now, NULL)
    ON CONFLICT (arn) DO UPDATE SET name = excluded.name, memory_mb = excluded.memory_mb, architecture = excluded.architecture,
      tags = excluded.tags, sources = excluded.sources, refs = excluded.refs, seen_at = excluded.seen_at, deleted_at = NULL`);
  const markGone = db.prepare(`UPDATE runaway_functions SET deleted_at = COALESCE(deleted_at, @now) WHERE account_id = @accountId AND region = @region AND seen_at < @now AND deleted_at IS NULL`);
  const markOneGone = db.prepare(`UPDATE runaway_functions SET deleted_at = COALESCE(deleted_at, ?) WHERE arn = ?`);
  const refreshed = db.prepare(`INSERT INTO runaway_inventory (account_id, region, refreshed_at, functions) VALUES (?, ?, ?, ?)
    ON CONFLICT (account_id, region) DO UPDATE SET refreshed_at = excluded.refreshed_at, functions = excluded.functions`);
  const refreshedAt = db.prepare('SELECT refreshed_at FROM runaway_inventory WHERE account_id = ? AND region = ?').pluck();
  const live = db.prepare(`SELECT ${COLUMNS} FROM runaway_functions WHERE account_id = ? AND region = ? AND deleted_at IS NULL ORDER BY arn`);
  const getOne = db.prepare(`SELECT ${COLUMNS} FROM runaway_functions WHERE arn = ?`);
  const setBurn = db.prepare('UPDATE runaway_functions SET burn_nano_per_hour = ?, burn_at = ? WHERE arn = ?');
  const setCooldown = db.prepare('UPDATE runaway_functions SET cooldown_until = ? WHERE arn = ?');
  const burns = db.prepare(`SELECT ${COLUMNS} FROM runaway_functions WHERE deleted_at IS NULL AND burn_nano_per_hour IS NOT NULL
    AND (@accountId IS NULL OR account_id = @accountId) ORDER BY burn_nano_per_hour DESC, arn LIMIT @limit`);

  return {
    /** Replaces the inventory of one account-region: what was listed is upserted, the rest is marked deleted. */
    replace: db.transaction((accountId: string, region: string, fns: FunctionInput[], now: string): void => {
      for (const f of fns) upsert.run({ ...f, tags: JSON.stringify(f.tags), sources: JSON.stringify(f.sources), refs: JSON.stringify(f.refs), now });
      markGone.run({ accountId, region, now });
      refreshed.run(accountId, region, now, fns.length);
    }),
    refreshedAt: (accountId: string, region: string): string | undefined => (refreshedAt.get(accountId, region) as string | undefined) ?? undefined,
    list: (accountId: string, region: string): FunctionRow[] => live.all(accountId, region).map(hydrate),
    get: (arn: string): FunctionRow | undefined => {
      const r = getOne.get(arn);
      return r ? hydrate(r) : undefined;
    },
    markDeleted: (arn: string, now: string): void => void markOneGone.run(now, arn),
    setBurn: db.transaction((rows: Array<{ arn: string; burnNanoPerHour: bigint }>, now: string): void => {
      for (const r of rows) setBurn.run(r.burnNanoPerHour, now, r.arn);
    }),
    setCooldown: (arn: string, until: string | null): void => void setCooldown.run(until, arn),
    /** The live burn estimate per function (for the dashboard), highest first. */
    liveBurn: (f: { accountId?: string | null; limit?: number } = {}): FunctionRow[] => burns.all({ accountId: f.accountId ?? null, limit: f.limit ?? 500 }).map(hydrate),
  };
}

export type RunawayInventoryRepo = ReturnType<typeof createRunawayInventoryRepo>;
