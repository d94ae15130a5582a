// Crash safety of idle ingestion and the digest mails: `warden run idle` is SIGKILLed between storing one
// account-region's resources and syncing its findings, `warden run notify` after queueing a digest, after claiming it
// and after the mail server accepted it; then the runs are repeated. The database stays intact, the findings are
// exactly the scenario's (none lost, none doubled), and each developer gets one digest (one Message-ID).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatAmount } from '../../core/money.ts';
import { awsEnv, startMoto, type Moto } from '../support/moto.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { startPcProxy, type PcProxy } from '../support/idle-sim-pc.ts';
import { idleRuntime } from '../support/idle-runtime.ts';
import { ANA, BRUNO, REGIONS, buildIdleScenario, type Scenario } from '../support/idle-scenario.ts';
import { byMessageId, crashAtPoint, integrity, readDb, runToEnd } from '../support/crash.ts';

/** The checks without an age threshold: the CLI runs on the real clock, on resources created just now. */
const AGELESS = new Set(['eip-unassociated', 'ebs-gp2', 'logs-no-retention', 'expired']);
let moto: Moto;
let pc: PcProxy;
let sink: SmtpSink;
let sc: Scenario;
let configPath: string;
let dbPath: string;
let env: Record<string, string>;

beforeAll(async () => {
  [moto, sink] = await Promise.all([startMoto(), startSmtpSink()]);
  pc = await startPcProxy(moto.endpoint);
  sc = await buildIdleScenario(moto.endpoint, pc.endpoint, new Date());
  const built = idleRuntime({ awsEndpoint: pc.endpoint, sandboxOu: sc.org.sandboxOuId, regions: REGIONS, smtpPort: sink.port, start: new Date() });
  built.rt.close(); // only the config file is used: every run below is its own process
  configPath = built.configPath;
  dbPath = built.rt.config.database.path;
  env = awsEnv(pc.endpoint);
}, 120_000);
afterAll(async () => {
  sc?.destroy();
  await sink?.stop();
  await pc?.stop();
  await moto?.stop();
});

const warden = (...args: string[]) => ['--config', configPath, ...args];
const count = (sql: string) => readDb(dbPath, (db) => db.prepare(sql).pluck().get() as number);

describe('kill -9 during idle ingestion and digest sends', () => {
  it('stores every finding once and mails each developer one digest', async () => {
    const targets = 2 * REGIONS.length;
    // Killed after the second account-region's resources were stored, before its findings were synced.
    await crashAtPoint(warden('run', 'idle'), env, 'idle:after-observe', 2);
    expect(count('SELECT COUNT(DISTINCT account_id || region) FROM idle_resources')).toBeLessThan(targets);
    const report = JSON.parse((await runToEnd(warden('run', 'idle', '--json'), env)).stdout) as { status: string; findings: Array<{ accountId: string; region: string; check: string; owner: string; monthlyUsd: string }> };
    expect(report.status).toBe('ok');
    const want = sc.expected.filter((e) => AGELESS.has(e.check));
    expect(report.findings.map((f) => `${f.accountId}|${f.region}|${f.check}|${f.owner}|${f.monthlyUsd}`).sort())
      .toEqual(want.map((e) => `${e.accountId}|${e.region}|${e.check}|${e.owners.join(', ')}|${formatAmount(e.nano, 2)}`).sort());
    expect(count("SELECT COUNT(*) FROM idle_findings WHERE state = 'open'")).toBe(want.length);

    // The first digest queued (its findings marked in the same transaction), then killed before any send.
    await crashAtPoint(warden('run', 'notify'), env, 'notify:after-enqueue');
    expect(count("SELECT COUNT(*) FROM outbox WHERE channel = 'email'")).toBe(1);
    // The second digest queued; killed after claiming the first, before handing it to the mail server.
    await crashAtPoint(warden('run', 'notify'), env, 'outbox:after-claim');
    expect(count("SELECT COUNT(*) FROM outbox WHERE state = 'sending'")).toBe(1);
    expect(sink.messages).toHaveLength(0);
    // Restarted: the claimed one is released and sent; killed after the server accepted the second one.
    await crashAtPoint(warden('run', 'notify'), env, 'outbox:after-send', 2);
    await runToEnd(warden('run', 'outbox'), env);

    expect(integrity(dbPath)).toBe('ok');
    const recipients = [...new Set(want.flatMap((e) => e.owners))].sort();
    expect(recipients).toEqual([ANA, BRUNO]);
    expect(count("SELECT COUNT(*) FROM outbox WHERE channel = 'email' AND state = 'sent'")).toBe(recipients.length);
    expect(count('SELECT COUNT(*) FROM idle_digests')).toBe(recipients.length);
    expect(count("SELECT COUNT(*) FROM idle_findings WHERE state = 'open' AND last_notified_at IS NULL")).toBe(0);
    expect(count("SELECT COUNT(*) FROM job_runs WHERE status = 'running'")).toBe(0);
    const groups = byMessageId(sink.messages);
    expect([...groups.values()].map((g) => g[0]!.envelope.to.join(',')).sort()).toEqual(recipients);
    expect(new Set([...groups.values()].map((g) => g[0]!.subject)).size).toBe(recipients.length);
    // At-least-once window: the digest accepted by the server just before the kill went out again after the restart,
    // with the same Message-ID and subject. The other digest, killed only before its send, arrived once.
    const sizes = [...groups.values()].map((g) => g.length).sort();
    expect(sizes).toEqual([1, 2]);
    for (const g of groups.values()) expect(new Set(g.map((m) => m.subject)).size).toBe(1);
  });
});
