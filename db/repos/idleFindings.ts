import type { Db } from '../index.ts';

export type OwnerRule = 'tag' | 'account-email' | 'fallback' | 'none';

export interface FindingInput {
  arn: string;
  checkId: string;
  accountId: string;
  region: string;
  resourceType: string;
  resourceId: string;
  resourceName: string | null;
  owners: string[];
  ownerRule: OwnerRule;
  ownerNote: string;
  monthlyNano: bigint;
  estimate: boolean;
  costBasis: string;
  reason: string;
  evidence: Record<string, unknown>;
  command: string;
}

export interface FindingRow extends FindingInput {
  id: number;
  /** owners joined with ', ' (null when nobody owns it). */
  owner: string | null;
  state: 'open' | 'closed';
  firstSeen: string;
  lastSeen: string;
  closedAt: string | null;
  snoozedUntil: string | null;
  snoozedBy: string | null;
  lastNotifiedAt: string | null;
}

const COLUMNS = `id, arn, check_id AS checkId, account_id AS accountId, region, resource_type AS resourceType, resource_id AS resourceId,
  resource_name AS resourceName, owners, owner_rule AS ownerRule, owner_note AS ownerNote, monthly_nano AS monthlyNano, estimate,
  cost_basis AS costBasis, reason, evidence, command, state, first_seen AS firstSeen, last_seen AS lastSeen, closed_at AS closedAt,
  snoozed_until AS snoozedUntil, snoozed_by AS snoozedBy, last_notified_at AS lastNotifiedAt`;

function hydrate(r: unknown): FindingRow {
  const row = r as Record<string, unknown>;
  const owners = JSON.parse(String(row.owners)) as string[];
  return {
    ...(row as unknown as FindingRow),
    id: Number(row.id),
    owners,
    owner: owners.length ? owners.join(', ') : null,
    monthlyNano: BigInt(row.monthlyNano as bigint),
    estimate: Number(row.estimate) === 1,
    evidence: JSON.parse(String(row.evidence)),
  };
}

export function isSnoozed(f: Pick<FindingRow, 'snoozedUntil'>, now: string): boolean {
  return f.snoozedUntil !== null && f.snoozedUntil > now;
}

export function createIdleFindingsRepo(db: Db) {
  const big = (sql: string) => db.prepare(sql).safeIntegers(true);
  const openForTarget = big(`SELECT ${COLUMNS} FROM idle_findings WHERE account_id = ? AND region = ? AND state = 'open'`);
  const insert = db.prepare(`INSERT INTO idle_findings (arn, check_id, account_id, region, resource_type, resource_id, resource_name, owners,
    owner_rule, owner_note, monthly_nano, estimate, cost_basis, reason, evidence, command, state, first_seen, last_seen)
    VALUES (@arn, @checkId, @accountId, @region, @resourceType, @resourceId, @resourceName, @owners, @ownerRule, @ownerNote, @monthlyNano,
    @estimate, @costBasis, @reason, @evidence, @command, 'open', @now, @now)`);
  const refresh = db.prepare(`UPDATE idle_findings SET resource_name = @resourceName, owners = @owners, owner_rule = @ownerRule,
    owner_note = @ownerNote, monthly_nano = @monthlyNano, estimate = @estimate, cost_basis = @costBasis, reason = @reason,
    evidence = @evidence, command = @command, last_seen = @now WHERE id = @id`);
  const close = db.prepare(`UPDATE idle_findings SET state = 'closed', closed_at = @now WHERE id = @id AND state = 'open'`);
  const getOne = big(`SELECT ${COLUMNS} FROM idle_findings WHERE id = ?`);
  const listOpen = big(`SELECT ${COLUMNS} FROM idle_findings WHERE state = 'open' AND (@accountId IS NULL OR account_id = @accountId)
    ORDER BY monthly_nano DESC, account_id, region, id`);
  const snoozeStmt = db.prepare(`UPDATE idle_findings SET snoozed_until = @until, snoozed_by = @actor WHERE id = @id`);
  const snoozeLog = db.prepare(`INSERT INTO idle_snoozes (finding_id, actor, until, created_at) VALUES (?, ?, ?, ?)`);
  const notified = db.prepare(`UPDATE idle_findings SET last_notified_at = ? WHERE id = ?`);
  const digest = db.prepare(`INSERT INTO idle_digests (idempotency_key, recipient, finding_ids, total_nano, created_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (idempotency_key) DO NOTHING`);

  const serial = (f: FindingInput, now: string) => ({
    ...f, owners: JSON.stringify(f.owners), estimate: f.estimate ? 1 : 0, evidence: JSON.stringify(f.evidence), now,
  });

  return {
    /**
     * Brings one account-region's open findings in line with a sweep: new ones open, seen ones are refreshed, and open
     * findings of the swept resource types that the sweep no longer produced close by themselves.
     */
    sync: db.transaction((accountId: string, region: string, sweptTypes: readonly string[], found: FindingInput[], now: string) => {
      const open = new Map((openForTarget.all(accountId, region) as unknown[]).map(hydrate).map((f) => [`${f.arn}|${f.checkId}`, f]));
      const opened: number[] = [];
      const kept: number[] = [];
      for (const f of found) {
        const existing = open.get(`${f.arn}|${f.checkId}`);
        if (existing) {
          refresh.run({ ...serial(f, now), id: existing.id });
          kept.push(existing.id);
          open.delete(`${f.arn}|${f.checkId}`);
        } else opened.push(Number(insert.run(serial(f, now)).lastInsertRowid));
      }
      const types = new Set(sweptTypes);
      const closed: number[] = [];
      for (const f of open.values()) if (types.has(f.resourceType) && close.run({ id: f.id, now }).changes) closed.push(f.id);
      return { opened, kept, closed };
    }),
    get: (id: number): FindingRow | undefined => {
      const r = getOne.get(id);
      return r ? hydrate(r) : undefined;
    },
    /**
     * Open findings with owner, account, region, check, monthly waste, evidence and snooze state (for the dashboard and
     * the digests), most expensive first. `owner` matches any of a finding's owners; snoozed ones are left out unless asked.
     */
    listOpen: (f: { accountId?: string | null; owner?: string | null; includeSnoozed?: boolean; now: string }): Array<FindingRow & { snoozed: boolean }> =>
      (listOpen.all({ accountId: f.accountId ?? null }) as unknown[]).map(hydrate)
        .filter((x) => !f.owner || x.owners.includes(f.owner.toLowerCase()))
        .map((x) => ({ ...x, snoozed: isSnoozed(x, f.now) }))
        .filter((x) => f.includeSnoozed !== false || !x.snoozed),
    /** Monthly waste per owner over open findings (a finding with two owners counts for both); snoozed shown apart. */
    wastePerOwner(now: string): Array<{ owner: string; findings: number; monthlyNano: bigint; snoozedFindings: number; snoozedNano: bigint }> {
      const by = new Map<string, { owner: string; findings: number; monthlyNano: bigint; snoozedFindings: number; snoozedNano: bigint }>();
      for (const x of (listOpen.all({ accountId: null }) as unknown[]).map(hydrate)) {
        for (const owner of x.owners.length ? x.owners : ['(no owner)']) {
          const e = by.get(owner) ?? { owner, findings: 0, monthlyNano: 0n, snoozedFindings: 0, snoozedNano: 0n };
          if (isSnoozed(x, now)) {
            e.snoozedFindings++;
            e.snoozedNano += x.monthlyNano;
          } else {
            e.findings++;
            e.monthlyNano += x.monthlyNano;
          }
          by.set(owner, e);
        }
      }
      return [...by.values()].sort((a, b) => (b.monthlyNano > a.monthlyNano ? 1 : b.monthlyNano < a.monthlyNano ? -1 : a.owner.localeCompare(b.owner)));
    },
    snooze: db.transaction((id: number, until: string, actor: string, now: string): void => {
      snoozeStmt.run({ id, until, actor });
      snoozeLog.run(id, actor, until, now);
    }),
    /** Records a queued digest and marks its findings as mailed, in the caller's transaction. */
    recordDigest(key: string, recipient: string, ids: number[], totalNano: bigint, now: string): void {
      digest.run(key, recipient, JSON.stringify(ids), totalNano, now);
      for (const id of ids) notified.run(now, id);
    },
  };
}

export type IdleFindingsRepo = ReturnType<typeof createIdleFindingsRepo>;
