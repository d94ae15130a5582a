import { api } from '../lib/api.ts';
import { drawChart, PALETTE } from '../lib/charts.ts';
import { badge, card, h, link, money, when } from '../lib/dom.ts';
import type { Alert } from '../lib/types.ts';

const SEVERITY: Record<string, string> = { critical: 'critical', warning: 'warning', info: 'ok' };

function evidenceList(e: Record<string, unknown>): HTMLElement {
  const rows = Object.entries(e).filter(([k, v]) => k !== 'points' && (typeof v !== 'object' || v === null));
  return h('dl', { class: 'evidence' }, ...rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, String(v))]));
}

async function evidenceChart(a: Alert, holder: HTMLElement): Promise<void> {
  const s = await api<{ points: Array<{ at: string; value: number }> }>(`/api/alerts/${a.id}/series`);
  if (s.points.length === 0) return;
  const canvas = h('canvas', { id: `incident-chart-${a.id}`, role: 'img', 'aria-label': 'Invocations per minute around the kill' });
  holder.replaceChildren(h('div', { class: 'chart small' }, canvas));
  drawChart(canvas, {
    type: 'line',
    data: { labels: s.points.map((p) => p.at.slice(11, 16)), datasets: [{ label: 'Invocations per minute', data: s.points.map((p) => p.value), borderColor: PALETTE[5], pointRadius: 0 }] },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } },
  });
}

export function incidentCard(a: Alert): HTMLElement {
  const saved = a.evidence.savedUsdSinceKill ?? a.evidence.savedUsd;
  const chart = h('div', {});
  const el = h('article', { class: `incident ${a.state}`, 'data-alert-id': a.id },
    h('header', {}, badge(a.severity, SEVERITY[a.severity] ?? 'ok'), ' ', badge(a.state, a.state === 'open' ? 'warning' : 'muted'), ' ', h('strong', {}, a.title)),
    h('p', { class: 'meta' }, `${a.kind} · opened ${when(a.openedAt)}`, a.resolvedAt ? ` · resolved ${when(a.resolvedAt)}` : '',
      a.accountId ? ' · ' : '', a.accountId ? link(`#/account/${a.accountId}`, a.accountName ?? a.accountId) : ''),
    saved !== undefined ? h('p', { class: 'saved' }, `Saved since the kill: ${money(String(saved))}`) : null,
    chart,
    h('details', {}, h('summary', {}, 'Evidence'), evidenceList(a.evidence)));
  if (a.kind === 'runaway') void evidenceChart(a, chart).catch(() => undefined);
  return el;
}

export async function incidentsPage(root: HTMLElement): Promise<void> {
  const { alerts } = await api<{ alerts: Alert[] }>('/api/alerts?limit=200');
  const open = alerts.filter((a) => a.state === 'open');
  const resolved = alerts.filter((a) => a.state !== 'open');
  root.replaceChildren(
    h('h1', {}, 'Incidents'),
    card(`Open (${open.length})`, open.length ? h('div', { class: 'incidents' }, ...open.map(incidentCard)) : h('p', { class: 'empty' }, 'No open incidents.')),
    card(`Resolved (${resolved.length})`, resolved.length ? h('div', { class: 'incidents' }, ...resolved.slice(0, 50).map(incidentCard)) : h('p', { class: 'empty' }, 'None yet.')),
  );
}
