import { api } from '../lib/api.ts';
import { badge, card, clear, h, link, money, table } from '../lib/dom.ts';
import type { Finding, Idle } from '../lib/types.ts';

export function findingsTable(findings: Finding[], onSnooze: (f: Finding) => void): HTMLElement {
  return table(['Resource', 'Check', 'Account', 'Region', 'Owner', 'Waste / month', 'Why', ''], findings.map((f) => [
    h('span', { title: f.resourceId }, f.resourceName ?? f.resourceId), f.check, link(`#/account/${f.accountId}`, f.accountName ?? f.accountId), f.region, f.owner ?? '—',
    money(f.monthlyWasteUsd), f.title,
    f.state === 'snoozed' ? badge(`snoozed until ${(f.snoozedUntil ?? '').slice(0, 10)}`, 'muted') : h('button', { type: 'button', class: 'secondary', onclick: () => onSnooze(f) }, 'Snooze'),
  ]), { empty: 'No idle resources found.', id: 'findings' });
}

export async function idlePage(root: HTMLElement, owner?: string): Promise<void> {
  const q = owner ? `?owner=${encodeURIComponent(owner)}` : '';
  const data = await api<Idle>(`/api/idle${q}`);
  if (!data.available) {
    root.replaceChildren(h('h1', {}, 'Idle waste'), card('Waste by developer', h('p', { class: 'empty' }, 'Idle findings are not installed in this version.')));
    return;
  }
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const snooze = async (f: Finding) => {
    try {
      await api(`/api/findings/${f.id}/snooze`, { method: 'POST', body: {} });
      await idlePage(root, owner);
    } catch (err) {
      status.textContent = `Could not snooze ${f.resourceName ?? f.resourceId}: ${(err as Error).message}`;
    }
  };
  clear(root,
    h('h1', {}, 'Idle waste'),
    h('p', {}, `Total: ${money(data.totalMonthlyWasteUsd)} per month`, owner ? ' for ' : '', owner ? h('strong', {}, owner) : '', owner ? ' · ' : '', owner ? link('#/idle', 'everyone') : ''),
    owner ? null : card('Waste by developer', table(['Owner', 'Findings', 'Waste / month'], data.owners.map((o) => [
      o.owner.includes('@') ? link(`#/idle/${encodeURIComponent(o.owner)}`, o.owner) : o.owner, String(o.findings), money(o.monthlyWasteUsd),
    ]), { empty: 'No idle waste.', id: 'owners' })),
    card('Resources', status, findingsTable(data.findings, (f) => void snooze(f))),
  );
}
