// The weekly manager report on the seeded scenario, delivered to a real SMTP sink: figures recomputed from the
// simulated records, HTML escaped, one email per ISO week.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../core/clock.ts';
import { formatCents } from '../../core/money.ts';
import { reportJob } from '../../jobs/report.ts';
import { runJob } from '../../jobs/runner.ts';
import { expectedUsageNano } from '../support/expected-spend.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { EVIL_NAME, MANAGER, TODAY, seedScenario, type Scenario } from '../e2e/seed.ts';

let s: Scenario;
let sink: SmtpSink;
const usd = (n: bigint) => `$${Number(formatCents(n)).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

beforeAll(async () => {
  sink = await startSmtpSink();
  s = await seedScenario({ config: { email: { transport: 'smtp', from: 'warden@example.com', smtp: { host: '127.0.0.1', port: sink.port } } } });
});
afterAll(async () => {
  await s?.stop();
  await sink?.stop();
});

describe('weekly report', () => {
  // The Monday after TODAY: the report covers TODAY's ISO week (Monday..Sunday), in which the spend job raised the budget incidents.
  const dow = new Date(`${TODAY}T00:00:00Z`).getUTCDay();
  const weekStart = addDays(TODAY, -((dow + 6) % 7));
  const nextMonday = addDays(weekStart, 7);

  it('emails the managers the week\'s total and change, top accounts, budget risks and incidents, with a dashboard link', async () => {
    sink.clear(); // the budget alert emails the spend job sent while seeding
    s.clock.set(`${nextMonday}T08:00:00Z`);
    const report = await runJob(reportJob, s.rt);
    expect(report).toMatchObject({ status: 'ok', week: '2026-W12', queued: true, recipients: 1 });
    const [mail] = await sink.waitForMessages(1);
    expect(mail!.envelope.to).toEqual([MANAGER.email]);
    const ids = new Set(s.sandboxes.map((a) => a.id));
    const cur = expectedUsageNano(s.records, weekStart, nextMonday, ids);
    const prev = expectedUsageNano(s.records, addDays(weekStart, -7), weekStart, ids);
    const total = [...cur.values()].reduce((a, b) => a + b, 0n);
    const before = [...prev.values()].reduce((a, b) => a + b, 0n);
    expect(mail!.subject).toBe(`[Warden] Sandbox spend 2026-W12: ${usd(total)} (${(Number(((total - before) * 10_000n) / before) / 100).toFixed(1)}%)`);
    expect(mail!.text).toContain(`${usd(total)} in 2026-W12 (-${usd(before - total)}`);
    const top = [...cur].sort((a, b) => (b[1] > a[1] ? 1 : -1)).slice(0, 5).map(([id]) => s.org.accounts.find((a) => a.id === id)!);
    const topLines = mail!.text.split('Top accounts\n')[1]!.split('\n\n')[0]!.split('\n');
    expect(topLines).toEqual(top.map((a) => `  - ${a.name} | ${a.email} | ${usd(cur.get(a.id)!)}`));
    const risks = s.rt.repos.budgets.forecasts(TODAY.slice(0, 7)).filter((f) => f.forecastNano >= f.budgetNano || f.actualNano >= f.budgetNano);
    expect(mail!.text.split('Budget risks this month\n')[1]!.split('\n\n')[0]!.split('\n')).toHaveLength(risks.length);
    const opened = s.rt.repos.alerts.list({ limit: 1000 }).filter((a) => a.openedAt >= `${weekStart}T` && a.openedAt < `${nextMonday}T`);
    expect(opened.length).toBeGreaterThan(0);
    for (const a of opened) expect(mail!.text).toContain(a.title);
    expect(mail!.text).toContain('Dashboard: http://127.0.0.1:8080');
    expect(mail!.html).toContain('<table');
    expect(mail!.html).toContain('<a href="http://127.0.0.1:8080">');
    expect(mail!.html).not.toContain('<img src=x');
    if (mail!.text.includes(EVIL_NAME)) expect(mail!.html).toContain('&lt;img src=x onerror=&quot;');
    expect(s.rt.repos.dashboard.report('2026-W12')).toMatchObject({ weekStart, outboxKey: 'email:report:2026-W12' });
  });

  it('sends one report per ISO week: a second run the same week is a no-op, the next week sends again', async () => {
    s.clock.set(`${nextMonday}T09:30:00Z`);
    const again = await runJob(reportJob, s.rt);
    expect(again).toMatchObject({ status: 'ok', queued: false, alreadySent: true });
    s.clock.set(`${addDays(nextMonday, 7)}T08:00:00Z`);
    const next = await runJob(reportJob, s.rt);
    expect(next).toMatchObject({ week: '2026-W13', queued: true });
    const mails = (await sink.waitForMessages(2)).filter((m) => m.subject.startsWith('[Warden] Sandbox spend'));
    expect(mails.map((m) => m.subject.split(':')[0])).toEqual(['[Warden] Sandbox spend 2026-W12', '[Warden] Sandbox spend 2026-W13']);
  });
});
