// Crash safety of ingestion: `warden run discover` / `run spend` are killed with SIGKILL at spread-out moments of their
// run, then run to completion; the database stays intact, totals equal the simulation, and no alert mail is lost or
// sent under two identities.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMoto, awsEnv, type Moto } from '../support/moto.ts';
import { buildOrganization, seedSpendWindow, simulateSpend, type SimOrg, type SpendRecord } from '../support/org-simulator.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { runCli, writeConfig } from '../support/warden.ts';
import { expectedUsageNano } from '../support/expected-spend.ts';
import { addDays, utcDay } from '../../core/clock.ts';

const BIN = fileURLToPath(new URL('../../bin/warden.js', import.meta.url));
let moto: Moto;
let smtp: SmtpSink;
let org: SimOrg;
let records: SpendRecord[];
const today = utcDay(new Date());

beforeAll(async () => {
  [moto, smtp] = await Promise.all([startMoto(), startSmtpSink()]);
  org = await buildOrganization(moto.endpoint);
  records = simulateSpend(org, { today, days: 91, seed: 11 });
  await seedSpendWindow(moto, records, { start: addDays(today, -91), end: today });
  await seedSpendWindow(moto, records, { start: addDays(today, -14), end: today });
});
afterAll(async () => Promise.all([moto?.stop(), smtp?.stop()]));

/** Starts `warden <args>` and SIGKILLs it after `ms` (or lets it finish first). */
function killAfter(args: string[], env: Record<string, string>, ms: number): Promise<'killed' | 'finished'> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve(signal === 'SIGKILL' ? 'killed' : 'finished');
    });
  });
}

describe('crash safety of discover and spend', () => {
  it('survives SIGKILL at 12 moments and converges to the simulated totals', async () => {
    const heavy = org.accounts.find((a) => a.spendProfile === 'heavy')!;
    const { path, dir } = writeConfig({
      organization: { sandboxOus: [org.sandboxOuId], excludeAccounts: org.accounts.filter((a) => a.excluded).map((a) => a.id), verifyAccess: false },
      regions: ['us-east-1'], budgets: { defaultMonthlyUsd: 1_000_000, accounts: { [heavy.id]: 50 } },
      alerts: { managers: ['mgr@example.com'] }, email: { transport: 'smtp', smtp: { host: '127.0.0.1', port: smtp.port } }, log: { level: 'silent' },
    });
    const env = awsEnv(moto.endpoint);
    const outcomes: string[] = [];
    // moments spread from process start-up through the whole run (a full spend run takes about 1.5–2 s here)
    for (const [i, ms] of [150, 400, 650, 800, 950, 1100, 1250, 1400, 1600, 1800, 2100, 2500].entries()) {
      outcomes.push(await killAfter(['--config', path, 'run', i % 3 === 0 ? 'discover' : 'spend'], env, ms));
    }
    expect(outcomes).toContain('killed');
    const final = await runCli(['--config', path, 'run', 'spend', '--json'], env);
    expect(final.code, final.stderr).toBe(0);
    const outbox = await runCli(['--config', path, 'run', 'outbox', '--json'], env);
    expect(outbox.code).toBe(0);

    const db = new Database(`${dir}/warden.db`, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const totals = new Map((db.prepare("SELECT account_id AS id, SUM(amount_nano) AS t FROM spend_daily WHERE unit = 'USD' GROUP BY account_id").safeIntegers(true).all() as Array<{ id: string; t: bigint }>).map((r) => [r.id, r.t]));
    const sandboxIds = new Set(org.accounts.filter((a) => a.kind === 'sandbox' && !a.excluded).map((a) => a.id));
    expect(totals).toEqual(expectedUsageNano(records, addDays(today, -91), today, sandboxIds));
    const runs = db.prepare("SELECT status, COUNT(*) AS n FROM job_runs GROUP BY status").all() as Array<{ status: string; n: number }>;
    expect(runs.find((r) => r.status === 'running')).toBeUndefined(); // killed runs are marked abandoned at the next start
    const crossings = db.prepare('SELECT COUNT(*) FROM budget_crossings').pluck().get() as number;
    const keys = db.prepare("SELECT COUNT(*) FROM outbox WHERE channel = 'email'").pluck().get() as number;
    db.close();
    expect(crossings).toBeGreaterThan(0);
    // each queued alert arrives; a resend after a kill between SMTP accept and markSent keeps its Message-ID
    const ids = new Set(smtp.messages.map((m) => m.messageId));
    expect(ids.size).toBe(keys);
  });
});
