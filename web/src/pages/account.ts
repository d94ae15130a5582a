import { api } from '../lib/api.ts';
import { drawChart, PALETTE, usdTicks } from '../lib/charts.ts';
import { card, h, money, table, when } from '../lib/dom.ts';
import type { Account, Alert, Daily, Idle } from '../lib/types.ts';
import { incidentCard } from './incidents.ts';
import { findingsTable } from './idle.ts';
import { budgetBadge } from './overview.ts';

export async function accountPage(root: HTMLElement, id: string): Promise<void> {
  const a = await api<Account>(`/api/accounts/${encodeURIComponent(id)}`);
  const [daily, alerts, idle] = await Promise.all([
    api<Daily>(`/api/spend/daily?account=${a.id}&days=90`), // the server's today, not the browser's
    api<{ alerts: Alert[] }>(`/api/alerts?account=${a.id}&limit=50`),
    api<Idle>(`/api/idle?account=${a.id}`),
  ]);
  const canvas = h('canvas', { id: 'account-chart', role: 'img', 'aria-label': 'Daily spend by service, last 90 days' });
  root.replaceChildren(
    h('h1', {}, a.name, ' ', h('small', {}, a.id)),
    h('p', { class: 'meta' }, `Owner ${a.owner} · ${a.ouPath ?? ''} · AWS status ${a.awsStatus} · last sweep ${a.lastSweep.status} ${when(a.lastSweep.at)}`),
    h('div', { class: 'kpis' },
      h('div', { class: 'kpi' }, h('div', { class: 'kpi-label' }, 'Month to date'), h('div', { class: 'kpi-value' }, money(a.monthToDate))),
      h('div', { class: 'kpi' }, h('div', { class: 'kpi-label' }, 'Forecast'), h('div', { class: 'kpi-value' }, money(a.forecast))),
      h('div', { class: 'kpi' }, h('div', { class: 'kpi-label' }, 'Budget'), h('div', { class: 'kpi-value' }, money(a.budget)), h('div', { class: 'kpi-note' }, a.status ? budgetBadge(a) : ''))),
    card('Spend by service', h('div', { class: 'chart' }, canvas),
      table(['Service', `Total ${daily.from} – ${daily.to}`], daily.services.map((s) => [s.service, money(s.total)]), { empty: 'No spend recorded.' })),
    card('Incidents', alerts.alerts.length ? h('div', { class: 'incidents' }, ...alerts.alerts.map(incidentCard)) : h('p', { class: 'empty' }, 'No incidents.')),
    card('Idle findings', idle.available ? findingsTable(idle.findings, () => undefined) : h('p', { class: 'empty' }, 'Idle findings are not installed.')),
    card('Last sweeps', table(['Job', 'Status', 'When', 'Error'], a.lastSweep.jobs.map((j) => [j.job, j.status, when(j.at), j.error ?? '']), { empty: 'Never swept.' })),
  );
  drawChart(canvas, {
    type: 'bar',
    data: { labels: daily.days.map((d) => d.slice(5)), datasets: daily.services.map((s, i) => ({ label: s.service, data: s.data, backgroundColor: PALETTE[i % PALETTE.length] })) },
    options: { scales: { x: { stacked: true }, y: { stacked: true, ticks: usdTicks(daily.currency) } }, plugins: { legend: { position: 'bottom' } } },
  });
}
