import type { AlertRow } from '../db/repos/alerts.ts';

export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function evidenceLines(evidence: Record<string, unknown>): Array<[string, string]> {
  return Object.entries(evidence)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
    .map(([k, v]) => [k, String(v)]);
}

/** The email and chat text for an incident: what happened, where, the evidence and a link to the dashboard. */
export function alertMessage(alert: AlertRow, publicUrl: string, note?: string) {
  const where = [alert.accountId && `account ${alert.accountId}`, alert.resource].filter(Boolean).join(', ');
  const link = `${publicUrl.replace(/\/$/, '')}/#/alerts/${alert.id}`;
  const subject = `[Warden ${alert.severity}] ${alert.title}`;
  const lines = evidenceLines(alert.evidence);
  const text = [
    alert.title, '', where && `Where: ${where}`, note ?? '', `Severity: ${alert.severity}`, `Opened: ${alert.openedAt}`, '',
    ...lines.map(([k, v]) => `${k}: ${v}`), '', `Details: ${link}`,
  ].filter((l, i, a) => l !== '' || a[i - 1] !== '').join('\n');
  const html = `<!doctype html><html><body style="font-family:sans-serif">
<h2>${escapeHtml(alert.title)}</h2>
${where ? `<p>Where: ${escapeHtml(where)}</p>` : ''}${note ? `<p>${escapeHtml(note)}</p>` : ''}
<p>Severity: <strong>${escapeHtml(alert.severity)}</strong> &middot; opened ${escapeHtml(alert.openedAt)}</p>
<table cellpadding="4" style="border-collapse:collapse">${lines.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>
<p><a href="${escapeHtml(link)}">Open in Warden</a></p></body></html>`;
  const slackText = `*${alert.severity.toUpperCase()}* ${alert.title}${where ? ` (${where})` : ''}${note ? ` — ${note}` : ''} <${link}|details>`;
  return { subject, text, html, slackText };
}
