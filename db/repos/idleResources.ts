import type { Db } from '../index.ts';

export interface ObservedResource {
  arn: string;
  accountId: string;
  region: string;
  type: string;
  id: string;
  name: string | null;
  state: string;
  tags: Record<string, string>;
  details: unknown;
}

export interface IdleResourceRow extends Omit<ObservedResource, 'details'> {
  details: unknown;
  stateSince: string;
  firstSeen: string;
  lastSeen: string;
  goneAt: string | null;
}

const COLUMNS = `arn, account_id AS accountId, region, resource_type AS type, resource_id AS id, name, state, state_since AS stateSince,
  tags, details, first_seen AS firstSeen, last_seen AS lastSeen, gone_at AS goneAt`;

const hydrate = (r: unknown): IdleResourceRow => {
  const row = r as IdleResourceRow & { tags: string; details: string };
  return { ...row, tags: JSON.parse(row.tags), details: JSON.parse(row.details) };
};

export function createIdleResourcesRepo(db: Db) {
  const getOne = db.prepare(`SELECT state, state_since AS stateSince, gone_at AS goneAt FROM idle_resources WHERE arn = ?`);
  const insert = db.prepare(`INSERT INTO idle_resources (arn, account_id, region, resource_type, resource_id, name, state, state_since, tags, details, first_seen, last_seen)
    VALUES (@arn, @accountId, @region, @type, @id, @name, @state, @now, @tags, @details, @now, @now)`);
  const update = db.prepare(`UPDATE idle_resources SET name = @name, state = @state, state_since = @stateSince, tags = @tags, details = @details,
    last_seen = @now, gone_at = NULL WHERE arn = @arn`);
  const live = db.prepare(`SELECT arn, resource_type AS type FROM idle_resources WHERE account_id = ? AND region = ? AND gone_at IS NULL`);
  const gone = db.prepare(`UPDATE idle_resources SET gone_at = ? WHERE arn = ?`);
  const list = db.prepare(`SELECT ${COLUMNS} FROM idle_resources WHERE (@accountId IS NULL OR account_id = @accountId)
    AND (@live = 0 OR gone_at IS NULL) ORDER BY account_id, region, resource_type, resource_id`);

  return {
    /**
     * Records what one sweep saw. A new resource, one back after being gone, or one whose state changed starts a new
     * state_since. Returns state_since per ARN for the checks.
     */
    observe: db.transaction((seen: ObservedResource[], now: string): Map<string, string> => {
      const since = new Map<string, string>();
      for (const r of seen) {
        const prev = getOne.get(r.arn) as { state: string; stateSince: string; goneAt: string | null } | undefined;
        const params = { ...r, tags: JSON.stringify(r.tags), details: JSON.stringify(r.details), now };
        if (!prev) {
          insert.run(params);
          since.set(r.arn, now);
          continue;
        }
        const stateSince = prev.state !== r.state || prev.goneAt ? now : prev.stateSince;
        update.run({ ...params, stateSince });
        since.set(r.arn, stateSince);
      }
      return since;
    }),
    /** Marks resources of the swept types in one account-region that this sweep did not see as gone. */
    markGone: db.transaction((accountId: string, region: string, types: readonly string[], seen: Set<string>, now: string): number => {
      const typeSet = new Set(types);
      let n = 0;
      for (const r of live.all(accountId, region) as Array<{ arn: string; type: string }>) {
        if (typeSet.has(r.type) && !seen.has(r.arn)) n += gone.run(now, r.arn).changes;
      }
      return n;
    }),
    list: (f: { accountId?: string | null; liveOnly?: boolean } = {}): IdleResourceRow[] =>
      list.all({ accountId: f.accountId ?? null, live: f.liveOnly === false ? 0 : 1 }).map(hydrate),
  };
}

export type IdleResourcesRepo = ReturnType<typeof createIdleResourcesRepo>;
