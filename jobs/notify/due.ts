import { createHash } from 'node:crypto';
import type { FindingRow } from '../../db/repos/idleFindings.ts';
import { DAY_MS } from '../idle/types.ts';

export type DueReason = 'new' | 'snooze-ended' | 'reminder';

/**
 * Whether an open, unsnoozed finding goes into today's digest: never mailed (new), its snooze ended since it was last
 * mailed, or last mailed at least remindEveryDays ago (0 = no reminders).
 */
export function dueReason(f: Pick<FindingRow, 'lastNotifiedAt' | 'snoozedUntil'>, now: Date, remindEveryDays: number): DueReason | null {
  if (!f.lastNotifiedAt) return 'new';
  if (f.snoozedUntil && f.snoozedUntil <= now.toISOString() && f.lastNotifiedAt < f.snoozedUntil) return 'snooze-ended';
  if (remindEveryDays > 0 && now.getTime() - Date.parse(f.lastNotifiedAt) >= remindEveryDays * DAY_MS) return 'reminder';
  return null;
}

export interface RecipientBatch<F> {
  recipient: string;
  due: Array<F & { dueReason: DueReason }>;
  /** Open findings of this recipient that are not due today (already mailed, not snoozed). */
  others: F[];
}

/** One batch per recipient across all accounts and regions; a finding with two owners goes to both. */
export function batchByRecipient<F extends Pick<FindingRow, 'owners' | 'lastNotifiedAt' | 'snoozedUntil'>>(findings: F[], now: Date, remindEveryDays: number): { batches: RecipientBatch<F>[]; unowned: number } {
  const by = new Map<string, RecipientBatch<F>>();
  let unowned = 0;
  for (const f of findings) {
    if (!f.owners.length) {
      unowned++;
      continue;
    }
    const reason = dueReason(f, now, remindEveryDays);
    for (const recipient of f.owners) {
      const b = by.get(recipient) ?? { recipient, due: [], others: [] };
      if (reason) b.due.push({ ...f, dueReason: reason });
      else b.others.push(f);
      by.set(recipient, b);
    }
  }
  return { batches: [...by.values()].filter((b) => b.due.length).sort((a, b) => a.recipient.localeCompare(b.recipient)), unowned };
}

/** Same recipient, same day, same findings → same key: a crash or a second run the same day never sends it twice. */
export function digestKey(recipient: string, now: Date, findingIds: number[]): string {
  const ids = [...findingIds].sort((a, b) => a - b).join(',');
  return `idle-digest:${recipient}:${now.toISOString().slice(0, 10)}:${createHash('sha256').update(ids).digest('hex').slice(0, 16)}`;
}
