import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/index.ts';
import { createRepos } from '../../../db/repos/index.ts';
import { parseConfig } from '../../../config/load.ts';
import { ManualClock } from '../../../core/clock.ts';
import { ConflictError, InputError, NotFoundError } from '../../../core/errors.ts';
import { batchByRecipient, digestKey, dueReason } from '../../../jobs/notify/due.ts';
import { groupItems, renderDigest } from '../../../jobs/notify/digest.ts';
import { createSnoozeToken, verifySnoozeToken } from '../../../jobs/idle/snoozeToken.ts';
import { snoozeFinding } from '../../../jobs/idle/snooze.ts';
import type { FindingInput, FindingRow } from '../../../db/repos/idleFindings.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-03-10T08:00:00Z');
const iso = (d: number) => new Date(NOW.getTime() + d * DAY).toISOString();

describe('re-send rules', () => {
  it('new, snooze ended, weekly reminder, otherwise not due', () => {
    expect(dueReason({ lastNotifiedAt: null, snoozedUntil: null }, NOW, 7)).toBe('new');
    expect(dueReason({ lastNotifiedAt: iso(-3), snoozedUntil: iso(-1) }, NOW, 7)).toBe('snooze-ended');
    expect(dueReason({ lastNotifiedAt: iso(-7), snoozedUntil: null }, NOW, 7)).toBe('reminder');
    expect(dueReason({ lastNotifiedAt: iso(-6), snoozedUntil: null }, NOW, 7)).toBeNull();
    expect(dueReason({ lastNotifiedAt: iso(-70), snoozedUntil: null }, NOW, 0)).toBeNull();
    expect(dueReason({ lastNotifiedAt: iso(-1), snoozedUntil: iso(-2) }, NOW, 7)).toBeNull();
  });
  it('batches per recipient, no empty digests, unowned counted; keys are stable per day and finding set', () => {
    const f = (owners: string[], lastNotifiedAt: string | null) => ({ owners, lastNotifiedAt, snoozedUntil: null });
    const { batches, unowned } = batchByRecipient([f(['a@x.com', 'b@x.com'], null), f(['a@x.com'], iso(-1)), f(['c@x.com'], iso(-1)), f([], null)], NOW, 7);
    expect(batches.map((b) => [b.recipient, b.due.length, b.others.length])).toEqual([['a@x.com', 1, 1], ['b@x.com', 1, 0]]);
    expect(unowned).toBe(1);
    expect(digestKey('a@x.com', NOW, [2, 1])).toBe(digestKey('a@x.com', new Date(NOW.getTime() + 3600_000), [1, 2]));
    expect(digestKey('a@x.com', NOW, [1])).not.toBe(digestKey('a@x.com', new Date(NOW.getTime() + DAY), [1]));
  });
});

describe('digest rendering', () => {
  const row = (id: number, accountId: string, region: string, usd: number, extra: Partial<FindingRow> = {}): FindingRow => ({
    id, arn: `arn:${id}`, checkId: 'ebs-unattached', accountId, region, resourceType: 'ec2:volume', resourceId: `vol-${id}`, resourceName: null,
    owners: ['a@x.com'], owner: 'a@x.com', ownerRule: 'tag', ownerNote: 'from tag owner', monthlyNano: BigInt(usd) * 1_000_000_000n, estimate: false,
    costBasis: 'basis', reason: 'idle', evidence: {}, command: `aws ec2 delete-volume --volume-id vol-${id}`, state: 'open', firstSeen: iso(0), lastSeen: iso(0),
    closedAt: null, snoozedUntil: null, snoozedBy: null, lastNotifiedAt: null, ...extra,
  });
  const item = (f: FindingRow) => ({ finding: f, dueReason: 'new' as const, snoozeUrl: `https://w/snooze/${f.id}` });
  it('groups by account and region, most expensive first, with the total', () => {
    const items = [row(1, 'A', 'us-east-1', 1), row(2, 'B', 'eu-west-1', 10), row(3, 'A', 'us-east-1', 5), row(4, 'A', 'us-west-2', 2)].map(item);
    expect(groupItems(items).map((g) => [g.accountId, g.region, g.items.map((i) => i.finding.id)])).toEqual([['B', 'eu-west-1', [2]], ['A', 'us-east-1', [3, 1]], ['A', 'us-west-2', [4]]]);
    const d = renderDigest({ recipient: 'a@x.com', items, accountName: (id) => `acct-${id}`, others: { count: 0, monthlyNano: 0n }, snoozeDays: 14, dashboardUrl: 'https://w/' });
    expect(d.subject).toBe('[Warden] 4 idle resources in your sandbox: about $18.00/month');
    expect(d.text).toContain('Total: $18.00/month');
    expect(d.text.indexOf('vol-3')).toBeLessThan(d.text.indexOf('vol-1'));
  });
  it('escapes everything that comes from AWS in the HTML part', () => {
    const evil = row(9, 'A', 'us-east-1', 1, { resourceName: '<script>alert(1)</script>', reason: '"><img src=x>' });
    const d = renderDigest({ recipient: 'a@x.com', items: [item(evil)], accountName: () => '<b>acct</b>', others: { count: 0, monthlyNano: 0n }, snoozeDays: 14, dashboardUrl: 'https://w/' });
    expect(d.html).not.toMatch(/<script>|<img|<b>acct/);
    expect(d.html).toContain('&lt;script&gt;');
  });
});

describe('snooze tokens and snoozeFinding', () => {
  const config = parseConfig({ organization: { sandboxOus: ['r-abcd'] } }, {});
  const repos = createRepos(openDatabase(':memory:'));
  const clock = new ManualClock(NOW);
  const input: FindingInput = { arn: 'arn:aws:ec2:us-east-1:1:volume/vol-1', checkId: 'ebs-unattached', accountId: '111122223333', region: 'us-east-1', resourceType: 'ec2:volume', resourceId: 'vol-1', resourceName: null, owners: ['a@x.com'], ownerRule: 'tag', ownerNote: '', monthlyNano: 1n, estimate: false, costBasis: '', reason: 'r', evidence: {}, command: 'c' };
  const { opened } = repos.idle.findings.sync('111122223333', 'us-east-1', ['ec2:volume'], [input], NOW.toISOString());
  const id = opened[0]!;

  it('a token verifies for its finding until it expires; any change breaks it', () => {
    const t = createSnoozeToken(config, repos.meta, { findingId: id, actor: 'a@x.com', expiresAt: new Date(NOW.getTime() + DAY), now: NOW });
    expect(verifySnoozeToken(config, repos.meta, t, NOW)).toMatchObject({ ok: true, findingId: id, actor: 'a@x.com' });
    const [fid, exp, actor, sig] = t.split('.') as [string, string, string, string];
    expect(verifySnoozeToken(config, repos.meta, [Number(fid) + 1, exp, actor, sig].join('.'), NOW)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifySnoozeToken(config, repos.meta, [fid, Number(exp) + 999, actor, sig].join('.'), NOW)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifySnoozeToken(config, repos.meta, 'x.y', NOW)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySnoozeToken(config, repos.meta, t, new Date(NOW.getTime() + DAY))).toEqual({ ok: false, reason: 'expired' });
  });
  it('snoozeFinding: unknown id → NotFoundError, bad days → InputError, closed → ConflictError, never shortens', () => {
    expect(() => snoozeFinding({ repos, clock }, 9999, { days: 3, actor: 'x' })).toThrow(NotFoundError);
    expect(() => snoozeFinding({ repos, clock }, id, { days: 0, actor: 'x' })).toThrow(InputError);
    expect(snoozeFinding({ repos, clock }, id, { days: 10, actor: 'a@x.com' }).snoozedUntil).toBe(iso(10));
    expect(snoozeFinding({ repos, clock }, id, { days: 2, actor: 'a@x.com' }).snoozedUntil).toBe(iso(10));
    expect(repos.idle.findings.wastePerOwner(NOW.toISOString())).toEqual([{ owner: 'a@x.com', findings: 0, monthlyNano: 0n, snoozedFindings: 1, snoozedNano: 1n }]);
    repos.idle.findings.sync('111122223333', 'us-east-1', ['ec2:volume'], [], iso(1));
    expect(repos.idle.findings.get(id)).toMatchObject({ state: 'closed', closedAt: iso(1) });
    expect(() => snoozeFinding({ repos, clock }, id, { days: 3, actor: 'x' })).toThrow(ConflictError);
  });
});
