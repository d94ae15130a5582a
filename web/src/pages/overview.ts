import { api } from '../lib/api.ts';
import { drawChart, PALETTE, usdTicks } from '../lib/charts.ts';
import { badge, card, h, link, money, percent, setCurrency, signedMoney, table } from '../lib/dom.ts';
import type { Budget, Mover, Overview } from '../lib/types.ts';

const STATUS: Record<Budget['status'], [string, string]> = { over: ['Over budget', 'critical'], 'at-risk': ['Forecast over', 'warning'], ok: ['On track', 'ok'] };

export function budgetBadge(b: Pick<Budget, 'status'>): HTMLElement {
  const [text, kind] = STATUS[b.status];
  return badge(text, kind);
}

function kpi(label: string, value: string, note?: HTMLElement | string): HTMLElement {
  return h('div', { class: 'kpi' }, h('div', { class: 'kpi-label' }, label), h('div', { class: 'kpi-value' }, value), note ? h('div', { class: 'kpi-note' }, note) : null);
}

function change(v: string, pct: number | null): HTMLElement {
  const n = Number(v);
  return h('span', { class: n > 0 ? 'up' : n < 0 ? 'down' : '' }, `${signedMoney(v)} (${percent(pct)}) vs last week`);
}

function moversTable(rows: Mover[], kind: 'account' | 'service'): HTMLElement {
  return table([kind === 'account' ? 'Account' : 'Service', 'Last week', 'This week', 'Change'], rows.map((m) => [
    kind === 'account' ? link(`#/account/${m.accountId}`, m.name ?? m.accountId ?? '') : (m.service ?? ''),
    money(m.lastWeek), money(m.thisWeek), h('span', { class: 'up' }, `${signedMoney(m.change)} (${percent(m.changePercent)})`),
  ]), { empty: 'No increase week over week.' });
}

export function budgetsTable(rows: Budget[]): HTMLElement {
  return table(['Account', 'Owner', 'Month to date', 'Forecast', 'Budget', 'Status'], rows.map((b) => [
    link(`#/account/${b.accountId}`, b.name), b.owner, `${money(b.monthToDate)} (${b.actualPercent.toFixed(0)}%)`,
    b.forecast === null ? '—' : `${money(b.forecast)} (${(b.forecastPercent ?? 0).toFixed(0)}%)`, money(b.budget), budgetBadge(b),
  ]), { empty: 'No sandbox accounts yet: run discover and spend.', id: 'budgets' });
}

export async function overviewPage(root: HTMLElement): Promise<void> {
  const o = await api<Overview>('/api/overview');
  setCurrency(o.currency);
  const weekly = h('canvas', { id: 'weekly-chart', role: 'img', 'aria-label': 'Weekly spend by account, last 12 weeks' });
  const daily = h('canvas', { id: 'daily-chart', role: 'img', 'aria-label': 'Daily spend with its 7-day average' });
  root.replaceChildren(
    h('h1', {}, 'Overview'),
    h('div', { class: 'kpis' },
      kpi(`This week (${o.thisWeek.week})`, money(o.thisWeek.total), change(o.thisWeek.change, o.thisWeek.changePercent)),
      kpi(`Last week (${o.lastWeek.week})`, money(o.lastWeek.total)),
      kpi(`Week to date (since ${o.weekToDate.start})`, money(o.weekToDate.total)),
      kpi('Open incidents', String(o.openIncidents.total), o.openIncidents.critical ? h('span', { class: 'up' }, `${o.openIncidents.critical} critical`) : 'none critical')),
    card('Weekly spend by account', h('div', { class: 'chart' }, weekly)),
    card('Daily spend', h('div', { class: 'chart' }, daily)),
    h('div', { class: 'grid2' }, card('Top movers: accounts', moversTable(o.movers.accounts, 'account')), card('Top movers: services', moversTable(o.movers.services, 'service'))),
    card('Accounts by budget status',
      h('p', { class: 'meta' }, `${o.budgetCounts.over} over budget · ${o.budgetCounts.atRisk} forecast over · ${o.budgetCounts.ok} on track`, o.budgetCounts.total > o.budgets.length ? ` · the ${o.budgets.length} riskiest shown` : ''),
      budgetsTable(o.budgets)),
  );
  drawChart(weekly, {
    type: 'bar',
    data: { labels: o.stacked.labels, datasets: o.stacked.datasets.map((d, i) => ({ label: d.label, data: d.data, backgroundColor: PALETTE[i % PALETTE.length] })) },
    options: { scales: { x: { stacked: true }, y: { stacked: true, ticks: usdTicks(o.currency) } }, plugins: { legend: { position: 'bottom' } } },
  });
  drawChart(daily, {
    type: 'line',
    data: {
      labels: o.daily.map((d) => d.day.slice(5)),
      datasets: [
        { label: 'Daily total', data: o.daily.map((d) => Number(d.total)), borderColor: PALETTE[0], backgroundColor: PALETTE[0], pointRadius: 2 },
        { label: '7-day average', data: o.daily.map((d) => Number(d.avg7)), borderColor: PALETTE[1], borderDash: [6, 4], pointRadius: 0 },
      ],
    },
    options: { scales: { y: { ticks: usdTicks(o.currency), beginAtZero: true } }, plugins: { legend: { position: 'bottom' } } },
  });
}
