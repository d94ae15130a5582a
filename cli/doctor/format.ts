import type { CheckStatus, DoctorReport } from './types.ts';

const MARK: Record<CheckStatus, string> = { ok: '[ ok ]', warn: '[warn]', fail: '[FAIL]', skip: '[skip]' };
/** Enough failed accounts to act on; the full list is in --json. */
const MAX_FAILURES_SHOWN = 20;

/** The checklist as text: one line per check, then the failures and the fix under it. */
export function formatReport(report: DoctorReport): string {
  const width = Math.max(...report.checks.map((c) => c.title.length));
  const lines = [`Sandbox Warden doctor (${report.configPath})`, ''];
  for (const c of report.checks) {
    const [first, ...rest] = c.detail.split('\n');
    lines.push(`${MARK[c.status]} ${c.title.padEnd(width)}  ${first}`);
    for (const r of rest) lines.push(`       ${' '.repeat(width)}  ${r}`);
    const failures = c.failures ?? [];
    for (const f of failures.slice(0, MAX_FAILURES_SHOWN)) lines.push(`         - ${f.id}${f.name ? ` (${f.name})` : ''}: ${f.message}`);
    if (failures.length > MAX_FAILURES_SHOWN) lines.push(`         … and ${failures.length - MAX_FAILURES_SHOWN} more (see --json)`);
    if (c.fix && c.status !== 'ok') lines.push(`         fix: ${c.fix}`);
  }
  const failed = report.checks.filter((c) => c.status === 'fail').length;
  const warned = report.checks.filter((c) => c.status === 'warn').length;
  lines.push('', report.healthy
    ? `Healthy${warned ? ` (${warned} warning${warned > 1 ? 's' : ''})` : ''}.`
    : `${failed} check${failed > 1 ? 's' : ''} failed${warned ? `, ${warned} warning${warned > 1 ? 's' : ''}` : ''}.`);
  return `${lines.join('\n')}\n`;
}
