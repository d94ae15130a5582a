import { formatCents } from '../../core/money.ts';
import type { FindingRow } from '../../db/repos/idleFindings.ts';
import { escapeHtml } from '../../notify/templates.ts';
import type { DueReason } from './due.ts';

export interface DigestItem {
  finding: FindingRow;
  dueReason: DueReason;
  snoozeUrl: string;
}

export interface DigestInput {
  recipient: string;
  items: DigestItem[];
  accountName(accountId: string): string;
  others: { count: number; monthlyNano: bigint };
  snoozeDays: number;
  dashboardUrl: string;
}

interface Group {
  accountId: string;
  region: string;
  totalNano: bigint;
  items: DigestItem[];
}

const byWaste = (a: bigint, b: bigint) => (b > a ? 1 : b < a ? -1 : 0);
const money = (n: bigint, estimate = false) => `${estimate ? '~' : ''}$${formatCents(n)}/month`;
const REASON: Record<DueReason, string> = { new: 'new', 'snooze-ended': 'snooze ended', reminder: 'reminder' };

/** Groups by account and region; groups and the items inside them most expensive first. */
export function groupItems(items: DigestItem[]): Group[] {
  const groups = new Map<string, Group>();
  for (const it of items) {
    const k = `${it.finding.accountId}|${it.finding.region}`;
    const g = groups.get(k) ?? { accountId: it.finding.accountId, region: it.finding.region, totalNano: 0n, items: [] };
    g.totalNano += it.finding.monthlyNano;
    g.items.push(it);
    groups.set(k, g);
  }
  for (const g of groups.values()) g.items.sort((a, b) => byWaste(a.finding.monthlyNano, b.finding.monthlyNano) || a.finding.id - b.finding.id);
  return [...groups.values()].sort((a, b) => byWaste(a.totalNano, b.totalNano) || a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region));
}

const what = (f: FindingRow) => `${f.resourceType} ${f.resourceType === 'elasticloadbalancing:loadbalancer' ? (f.resourceName ?? f.resourceId) : f.resourceId}${f.resourceName && f.resourceName !== f.resourceId ? ` (${f.resourceName})` : ''}`;

/** The digest mail: subject, plain text and HTML with the same content. */
export function renderDigest(d: DigestInput) {
  const groups = groupItems(d.items);
  const total = d.items.reduce((a, i) => a + i.finding.monthlyNano, 0n);
  const anyEstimate = d.items.some((i) => i.finding.estimate);
  const n = d.items.length;
  const subject = `[Warden] ${n} idle resource${n === 1 ? '' : 's'} in your sandbox: about $${formatCents(total)}/month`;
  const intro = `Warden found ${n} idle resource${n === 1 ? '' : 's'} that you own, costing an estimated $${formatCents(total)} per month in total. Warden deletes nothing: run the command shown if you no longer need it, or snooze it for ${d.snoozeDays} days.`;
  const text: string[] = [intro, ''];
  const html: string[] = [`<!doctype html><html><body style="font-family:sans-serif;max-width:820px"><p>${escapeHtml(intro)}</p>`];
  for (const g of groups) {
    const head = `${d.accountName(g.accountId)} (${g.accountId}), ${g.region}: ${money(g.totalNano)}`;
    text.push(`== ${head} ==`);
    html.push(`<h3>${escapeHtml(head)}</h3><table cellpadding="6" style="border-collapse:collapse;width:100%">`);
    for (const { finding: f, dueReason, snoozeUrl } of g.items) {
      text.push(`- ${what(f)}  [${f.checkId}, ${REASON[dueReason]}]`, `  Why: ${f.reason}`, `  Cost: ${money(f.monthlyNano, f.estimate)} (${f.costBasis})`,
        `  Owner: ${f.ownerNote}`, `  Delete: ${f.command}`, `  Snooze ${d.snoozeDays} days: ${snoozeUrl}`, '');
      html.push(`<tr style="border-top:1px solid #ddd"><td><strong>${escapeHtml(what(f))}</strong> <small>[${escapeHtml(f.checkId)}, ${escapeHtml(REASON[dueReason])}]</small><br>`
        + `Why: ${escapeHtml(f.reason)}<br><small>Owner: ${escapeHtml(f.ownerNote)}</small><br><code style="font-size:90%">${escapeHtml(f.command)}</code></td>`
        + `<td align="right" style="white-space:nowrap"><strong>${escapeHtml(money(f.monthlyNano, f.estimate))}</strong><br><small>${escapeHtml(f.costBasis)}</small><br>`
        + `<a href="${escapeHtml(snoozeUrl)}">Snooze ${d.snoozeDays} days</a></td></tr>`);
    }
    html.push('</table>');
  }
  const totalLine = `Total: $${formatCents(total)}/month${anyEstimate ? ' (~ marks an estimate)' : ''}`;
  const othersLine = d.others.count ? `You also have ${d.others.count} idle resource${d.others.count === 1 ? '' : 's'} mailed earlier and still open ($${formatCents(d.others.monthlyNano)}/month): ${d.dashboardUrl}` : '';
  text.push(totalLine, ...(othersLine ? [othersLine] : []), '', 'Prices are us-east-1 list prices scaled per region; see the README for how each figure is estimated.');
  html.push(`<p><strong>${escapeHtml(totalLine)}</strong></p>${othersLine ? `<p>${escapeHtml(othersLine)}</p>` : ''}<p><small>Prices are us-east-1 list prices scaled per region.</small></p></body></html>`);
  return { subject, text: text.join('\n'), html: html.join('\n'), totalNano: total };
}
