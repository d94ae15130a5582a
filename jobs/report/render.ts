import { escapeHtml } from '../../notify/templates.ts';
import type { ReportFigures } from './figures.ts';

const usd = (v: string) => `${Number(v) < 0 ? '-' : ''}$${Math.abs(Number(v)).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const signed = (v: string) => `${Number(v) > 0 ? '+' : ''}${usd(v)}`;
const pct = (p: number | null) => (p === null ? 'n/a' : `${p > 0 ? '+' : ''}${p.toFixed(1)}%`);

interface Section {
  title: string;
  headers: string[];
  rows: string[][];
  empty: string;
}

function sections(f: ReportFigures): Section[] {
  return [
    { title: 'Top accounts', headers: ['Account', 'Owner', 'Spend'], rows: f.topAccounts.map((a) => [a.name, a.owner, usd(a.total)]), empty: 'No spend recorded.' },
    { title: 'Top movers: accounts', headers: ['Account', 'Last week', 'This week', 'Change'], rows: f.movers.accounts.map((m) => [m.name, usd(m.lastWeek), usd(m.thisWeek), `${signed(m.change)} (${pct(m.changePercent)})`]), empty: 'No account spent more than the week before.' },
    { title: 'Top movers: services', headers: ['Service', 'Last week', 'This week', 'Change'], rows: f.movers.services.map((m) => [m.service, usd(m.lastWeek), usd(m.thisWeek), `${signed(m.change)} (${pct(m.changePercent)})`]), empty: 'No service cost more than the week before.' },
    { title: 'Budget risks this month', headers: ['Account', 'Owner', 'Month to date', 'Forecast', 'Budget', 'Status'], rows: f.budgetRisks.map((b) => [b.name, b.owner, usd(b.monthToDate), b.forecast ? usd(b.forecast) : 'n/a', usd(b.budget), b.status === 'over' ? 'over budget' : 'forecast over budget']), empty: 'Every account is on track.' },
    { title: 'Incidents opened this week', headers: ['Severity', 'Kind', 'Title', 'State'], rows: f.incidents.map((i) => [i.severity, i.kind, i.title, i.state]), empty: 'No incidents.' },
    { title: 'Runaway functions stopped', headers: ['Function', 'Account', 'Why', 'Saved (est.)'], rows: f.kills.map((k) => [k.functionArn.split(':function:')[1] ?? k.functionArn, k.accountId, k.reason, usd(k.savedUsd)]), empty: 'No function was throttled.' },
    { title: `Idle waste (${usd(f.idle.totalMonthly)} per month)`, headers: ['Owner', 'Findings', 'Waste / month'], rows: f.idle.owners.map((o) => [o.owner, String(o.findings), usd(o.monthly)]), empty: 'No idle resources.' },
  ];
}

/** The weekly manager email: HTML tables and the same content as plain text. Everything from AWS is escaped. */
export function renderReport(f: ReportFigures, dashboardUrl: string): { subject: string; text: string; html: string } {
  const headline = `${usd(f.total)} in ${f.week} (${signed(f.change)}, ${pct(f.changePercent)} vs the week before)`;
  const subject = `[Warden] Sandbox spend ${f.week}: ${usd(f.total)} (${pct(f.changePercent)})`;
  const all = sections(f);
  const text = [
    `Sandbox spend, week ${f.week} (${f.weekStart} to ${f.weekEnd}, ${f.currency})`, '', headline, '',
    ...all.flatMap((s) => [s.title, ...(s.rows.length ? s.rows.map((r) => `  - ${r.join(' | ')}`) : [`  ${s.empty}`]), '']),
    `Dashboard: ${dashboardUrl}`,
  ].join('\n');
  const table = (s: Section) => s.rows.length
    ? `<table style="border-collapse:collapse" cellpadding="6"><thead><tr>${s.headers.map((x) => `<th align="left" style="border-bottom:1px solid #ccc">${escapeHtml(x)}</th>`).join('')}</tr></thead>`
      + `<tbody>${s.rows.map((r) => `<tr>${r.map((c) => `<td style="border-bottom:1px solid #eee">${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`
    : `<p>${escapeHtml(s.empty)}</p>`;
  const html = `<!doctype html><html><body style="font-family:sans-serif;color:#1d2330">`
    + `<h1 style="font-size:20px">Sandbox spend, week ${escapeHtml(f.week)}</h1><p style="font-size:16px"><strong>${escapeHtml(headline)}</strong></p>`
    + all.map((s) => `<h2 style="font-size:16px">${escapeHtml(s.title)}</h2>${table(s)}`).join('')
    + `<p><a href="${escapeHtml(dashboardUrl)}">Open the dashboard</a></p></body></html>`;
  return { subject, text, html };
}
