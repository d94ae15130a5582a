import type { Db } from '../index.ts';

export type ThrottleState = 'pending' | 'throttled' | 'restoring' | 'restored' | 'abandoned' | 'failed' | 'gone';

export interface ThrottleRow {
  id: number;
  functionArn: string;
  accountId: string;
  region: string;
  state: ThrottleState;
  /** null: the function had no reserved concurrency before the kill. */
  previousConcurrency: number | null;
  detector: string;
  reason: string;
  burnNanoPerHour: bigint;
  evidence: Record<string, unknown>;
  alertId: number | null;
  runId: number | null;
  actor: string;
  createdAt: string;
  confirmedAt: string | null;
  restoredAt: string | null;
  restoredBy: string | null;
  restoreReason: string | null;
  note: string | null;
}

export type IntentInput = Pick<ThrottleRow, 'functionArn' | 'accountId' | 'region' | 'previousConcurrency' | 'detector' | 'reason'
  | 'burnNanoPerHour' | 'evidence' | 'alertId' | 'runId'> & { actor?: string };

const COLUMNS = `id, function_arn AS functionArn, account_id AS accountId, region, state, previous_concurrency AS previousConcurrency,
  detector, reason, burn_nano_per_hour AS burnNanoPerHour, evidence, alert_id AS alertId, run_id AS runId, actor, created_at AS createdAt,
  confirmed_at AS confirmedAt, restored_at AS restoredAt, restored_by AS restoredBy, restore_reason AS restoreReason, note`;

const ACTIVE = `state IN ('pending', 'throttled', 'restoring')`;

function hydrate(r: unknown): ThrottleRow {
  const row = r as Record<string, unknown>;
  return { ...(row as unknown as ThrottleRow), burnNanoPerHour: BigInt(row.burnNanoPerHour as number | bigint), evidence: JSON.parse(String(row.evidence)) };
}

export function createRunawayThrottlesRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO runaway_throttles (function_arn, account_id, region, state, previous_concurrency, detector, reason,
    burn_nano_per_hour, evidence, alert_id, run_id, actor, created_at, confirmed_at)
    VALUES (@functionArn, @accountId, @region, @state, @previousConcurrency, @detector, @reason, @burnNanoPerHour, @evidence, @alertId, @runId, @actor, @now, @confirmedAt)`);
  const getOne = db.prepare(`SELECT ${COLUMNS} FROM runaway_throttles WHERE id = ?`);
  const activeFor = db.prepare(`SELECT ${COLUMNS} FROM runaway_throttles WHERE function_arn = ? AND ${ACTIVE}`);
  const byState = db.prepare(`SELECT ${COLUMNS} FROM runaway_throttles WHERE state = ? ORDER BY id`);
  const setState = db.prepare(`UPDATE runaway_throttles SET state = @state, note = COALESCE(@note, note),
    confirmed_at = CASE WHEN @state = 'throttled' THEN @now ELSE confirmed_at END WHERE id = @id`);
  const startRestore = db.prepare(`UPDATE runaway_throttles SET state = 'restoring', restored_by = @actor, restore_reason = @reason WHERE id = @id AND state = 'throttled'`);
  const finishRestore = db.prepare(`UPDATE runaway_throttles SET state = 'restored', restored_at = @now WHERE id = @id AND state = 'restoring'`);
  const history = db.prepare(`SELECT ${COLUMNS} FROM runaway_throttles WHERE (@state IS NULL OR state = @state) AND (@accountId IS NULL OR account_id = @accountId)
    AND (@functionArn IS NULL OR function_arn = @functionArn) ORDER BY id DESC LIMIT @limit`);
  const setEvidence = db.prepare('UPDATE runaway_throttles SET evidence = ? WHERE id = ?');
  const setAlert = db.prepare('UPDATE runaway_throttles SET alert_id = ? WHERE id = ?');

  return {
    /** Writes the intent (state pending) before any AWS call; `adopted` rows (found as tags, DB lost) are stored as throttled. */
    insertIntent: (i: IntentInput, now: string, state: 'pending' | 'throttled' = 'pending'): ThrottleRow => {
      const id = Number(insert.run({ ...i, evidence: JSON.stringify(i.evidence), actor: i.actor ?? 'warden', state, now, confirmedAt: state === 'throttled' ? now : null }).lastInsertRowid);
      return hydrate(getOne.get(id));
    },
    get: (id: number): ThrottleRow | undefined => {
      const r = getOne.get(id);
      return r ? hydrate(r) : undefined;
    },
    /** The pending, throttled or restoring row of a function, if any (at most one). */
    active: (functionArn: string): ThrottleRow | undefined => {
      const r = activeFor.get(functionArn);
      return r ? hydrate(r) : undefined;
    },
    listByState: (state: ThrottleState): ThrottleRow[] => byState.all(state).map(hydrate),
    /** Functions Warden has throttled and not restored: who/when/why, previous concurrency, state (for the dashboard). */
    listThrottled: (): ThrottleRow[] => byState.all('throttled').map(hydrate),
    history: (f: { state?: ThrottleState | null; accountId?: string | null; functionArn?: string | null; limit?: number } = {}): ThrottleRow[] =>
      history.all({ state: f.state ?? null, accountId: f.accountId ?? null, functionArn: f.functionArn ?? null, limit: f.limit ?? 200 }).map(hydrate),
    setState: (id: number, state: ThrottleState, now: string, note: string | null = null): void => void setState.run({ id, state, now, note }),
    startRestore: (id: number, actor: string, reason: string | null): boolean => startRestore.run({ id, actor, reason }).changes > 0,
    finishRestore: (id: number, now: string): boolean => finishRestore.run({ id, now }).changes > 0,
    setAlert: (id: number, alertId: number): void => void setAlert.run(alertId, id),
    setEvidence: (id: number, evidence: Record<string, unknown>): void => void setEvidence.run(JSON.stringify(evidence), id),
  };
}

export type RunawayThrottlesRepo = ReturnType<typeof createRunawayThrottlesRepo>;
