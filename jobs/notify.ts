import { formatAmount } from '../core/money.ts';
import { createSnoozeToken } from './idle/snoozeToken.ts';
import { DAY_MS } from './idle/types.ts';
import { batchByRecipient, digestKey } from './notify/due.ts';
import { renderDigest } from './notify/digest.ts';
import type { Job } from './types.ts';

/**
 * One digest per developer across all their accounts and regions, with what is due: new findings, findings whose
 * snooze ended, and weekly reminders. Each digest is queued in the outbox with its findings marked as mailed in the
 * same transaction, under a key derived from recipient, day and findings, so a crash neither loses nor doubles it.
 */
export const notifyJob: Job = {
  id: 'notify',
  description: 'Mail each developer one digest of their idle resources (new, snooze ended, or weekly reminder), with snooze links.',
  async run(ctx) {
    const { config, repos, clock, notifier } = ctx;
    const now = clock.now();
    const nowIso = now.toISOString();
    const open = repos.idle.findings.listOpen({ now: nowIso, includeSnoozed: true });
    const snoozed = open.filter((f) => f.snoozed).length;
    const { batches, unowned } = batchByRecipient(open.filter((f) => !f.snoozed), now, config.idle.remindEveryDays);
    const base = config.server.publicUrl.replace(/\/$/, '');
    const linkExpires = new Date(now.getTime() + config.idle.snoozeLinkDays * DAY_MS);
    const accountName = (id: string) => repos.accounts.get(id)?.name ?? id;
    const queued: Array<{ to: string; key: string; findings: number; totalNano: bigint; fresh: boolean }> = [];
    for (const b of batches) {
      const items = b.due.map((f) => ({
        finding: f, dueReason: f.dueReason,
        snoozeUrl: `${base}/snooze/${createSnoozeToken(config, repos.meta, { findingId: f.id, actor: b.recipient, expiresAt: linkExpires, now })}`,
      }));
      const mail = renderDigest({
        recipient: b.recipient, items, accountName, snoozeDays: config.idle.snoozeDays, dashboardUrl: `${base}/`,
        others: { count: b.others.length, monthlyNano: b.others.reduce((a, f) => a + f.monthlyNano, 0n) },
      });
      const ids = b.due.map((f) => f.id);
      const key = digestKey(b.recipient, now, ids);
      const fresh = repos.db.transaction(() => {
        const added = notifier.enqueueEmail({ key, to: [b.recipient], subject: mail.subject, text: mail.text, html: mail.html });
        repos.idle.findings.recordDigest(key, b.recipient, ids, mail.totalNano, nowIso);
        return added;
      })();
      queued.push({ to: b.recipient, key, findings: ids.length, totalNano: mail.totalNano, fresh });
      ctx.crashPoints?.reach('notify:after-enqueue');
    }
    const flushed = queued.length ? await notifier.flush() : { sent: 0, retrying: 0, dead: 0 };
    const digests = queued.map((q) => {
      const row = repos.outbox.byKey(`email:${q.key}`);
      return {
        to: q.to, findings: q.findings, totalUsd: formatAmount(q.totalNano, 2), key: q.key, queued: q.fresh,
        state: row?.state ?? 'not-queued', ...(row?.lastError ? { error: row.lastError } : {}), ...(row?.rejected.length ? { rejected: row.rejected } : {}),
      };
    });
    const refused = digests.filter((d) => d.state === 'dead');
    for (const d of refused) ctx.log.warn({ to: d.to, err: d.error }, 'digest refused by the mail server');
    ctx.log.info({ digests: digests.length, snoozed, unowned, ...flushed }, 'idle digests');
    return { digests, sent: digests.filter((d) => d.state === 'sent').length, pending: digests.filter((d) => d.state === 'pending').length, refused: refused.length, snoozed, unowned };
  },
};
