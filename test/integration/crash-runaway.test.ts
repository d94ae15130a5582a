// Crash safety of the kill switch and of restore: `warden run runaway`, the `warden serve` daemon and `warden restore`
// are SIGKILLed at named crash points (between the intent and PutFunctionConcurrency, between that call and its
// confirmation, after the confirmation, around the outbox send, inside restore), then restarted. Afterwards the
// database is intact, every function's reserved concurrency and tags in the emulator match Warden's rows, no function
// was killed twice, and every incident mail went out once (the one at-least-once window is asserted as such).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TAG_PREVIOUS } from '../../jobs/runaway/tags.ts';
import { awsEnv, startMoto, type Moto } from '../support/moto.ts';
import { buildOrganization, type SimOrg } from '../support/org-simulator.ts';
import { RunawaySim, type SimFunctionSpec } from '../support/runaway-sim.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { writeConfig } from '../support/warden.ts';
import { byMessageId, crashAtPoint, integrity, readDb, runToEnd, startWarden, waitFor } from '../support/crash.ts';
import { lambdaState, throttleRows, type RowView } from '../support/crash-runaway.ts';

const MANAGER = 'lead@example.com';
const RATE = 8000; // above the rate limit (5000), below it x the cool-down margin (10000): restored functions stay up
const NEVER = '0 0 1 1 *';
let moto: Moto;
let sink: SmtpSink;
let org: SimOrg;
let sim: RunawaySim;
let specs: SimFunctionSpec[];
let env: Record<string, string>;
let cfg: { path: string; dir: string };
let daemonCfg: string;
const dbPath = () => `${cfg.dir}/warden.db`;

beforeAll(async () => {
  [moto, sink] = await Promise.all([startMoto(), startSmtpSink()]);
  org = await buildOrganization(moto.endpoint, {
    sandboxOuPath: 'Root/Sandboxes',
    ous: [{ name: 'Sandboxes', accounts: Array.from({ length: 6 }, (_, i) => ({ name: `sandbox-${i}`, email: `dev${i}@example.com` })) }],
  });
  const ids = org.accounts.filter((a) => a.kind === 'sandbox').map((a) => a.id);
  specs = ids.map((accountId, i) => ({
    key: `f${i}`, accountId, profile: { kind: 'steady', rate: RATE }, durationMs: 100 + 50 * i,
    ...(i % 2 === 1 ? { reservedConcurrency: 3 + i } : {}), ...(i === 0 ? { tags: { owner: 'ana@example.com' } } : {}),
  }));
  // The CLI runs on the real clock: write minutes from 10 before now to 6 after, so every sweep of the test sees them.
  sim = new RunawaySim(moto.endpoint, Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000);
  await sim.create(specs);
  for (let m = 0; m < 16; m++) await sim.tick();
  env = awsEnv(moto.endpoint);
  const base = {
    organization: { sandboxOus: [org.sandboxOuId], verifyAccess: false }, regions: ['us-east-1'], runaway: { lookbackMinutes: 10 },
    aws: { concurrency: 1 }, // one kill at a time, so each crash point stops the sweep with exactly one kill in flight
    email: { transport: 'smtp', from: 'warden@example.com', smtp: { host: '127.0.0.1', port: sink.port } }, alerts: { managers: [MANAGER] }, log: { level: 'warn' },
  };
  cfg = writeConfig(base);
  // The daemon: the same database, the sweep every 2 s (the runner flushes the outbox after it), nothing else.
  daemonCfg = writeConfig({
    ...base, database: { path: dbPath() }, server: { port: 0 },
    schedules: { discover: NEVER, spend: NEVER, idle: NEVER, notify: NEVER, report: NEVER, outbox: NEVER, runaway: '*/2 * * * * *' },
  }).path;
}, 120_000);

afterAll(async () => {
  sim?.destroy();
  await Promise.all([sink?.stop(), moto?.stop()]);
});

const rows = () => throttleRows(dbPath());
const arnOf = (key: string) => sim.fn(key).arn;
const original = (arn: string) => specs.find((s) => arnOf(s.key) === arn)!.reservedConcurrency;
const state = (arn: string) => lambdaState(moto.endpoint, specs.find((s) => arnOf(s.key) === arn)!.accountId, arn);
const sweep = () => ['--config', cfg.path, 'run', 'runaway'];

describe('kill -9 during the runaway sweep, the daemon and restore', () => {
  it('settles every crash from what AWS says and converges', async () => {
    await crashAtPoint(sweep(), env, 'runaway:after-intent');
    const afterIntent = rows().filter((r) => r.state === 'pending');
    expect(afterIntent).toHaveLength(1);
    for (const r of afterIntent) expect(await state(r.arn)).toEqual({ reserved: original(r.arn), wardenTags: false });

    await crashAtPoint(sweep(), env, 'runaway:after-tags');
    expect(rows().filter((r) => afterIntent.some((a) => a.id === r.id)).map((r) => r.state)).toEqual(afterIntent.map(() => 'abandoned'));
    const tagged = await pendingWith(async (r) => (await state(r.arn)).wardenTags && (await state(r.arn)).reserved === original(r.arn));
    expect(tagged).toBe(1);

    await crashAtPoint(sweep(), env, 'runaway:after-put');
    expect(await pendingWith(async (r) => (await state(r.arn)).reserved === 0)).toBe(1); // put, not confirmed

    await crashAtPoint(sweep(), env, 'runaway:after-confirm');
    expect(rows().filter((r) => r.state === 'throttled' && r.alertId === null).length).toBeGreaterThanOrEqual(1); // no incident yet

    // The daemon finishes the sweep and dies at the first outbox claim; then the outbox dies after its first send.
    await crashAtPoint(['--config', daemonCfg, 'serve'], env, 'outbox:after-claim');
    expect(readDb(dbPath(), (db) => db.prepare("SELECT COUNT(*) FROM outbox WHERE state = 'sending'").pluck().get())).toBe(1);
    await crashAtPoint(['--config', cfg.path, 'run', 'outbox'], env, 'outbox:after-send');

    const active = rows().filter((r) => r.state === 'throttled');
    expect(active.map((r) => r.arn).sort()).toEqual(specs.map((s) => arnOf(s.key)).sort());
    const restored = ['f0', 'f1', 'f2', 'f3'].map(arnOf);
    await crashAtPoint(['--config', cfg.path, 'restore', restored[0]!], env, 'restore:after-start');
    expect(await state(restored[0]!)).toEqual({ reserved: 0, wardenTags: true });
    await crashAtPoint(['--config', cfg.path, 'restore', restored[1]!], env, 'restore:after-put');
    expect(await state(restored[1]!)).toEqual({ reserved: original(restored[1]!), wardenTags: true });
    await crashAtPoint(['--config', cfg.path, 'restore', restored[2]!], env, 'restore:in-record');
    // The crash inside the closing transaction rolled it back: the row is still being restored, the incident open.
    expect(rows().find((r) => r.arn === restored[2])).toMatchObject({ state: 'restoring', incidentState: 'open' });
    const clean = await runToEnd(['--config', cfg.path, 'restore', restored[3]!, '--json', '--reason', 'fixed'], env);
    expect(JSON.parse(clean.stdout)).toMatchObject({ functionArn: restored[3], previousConcurrency: original(restored[3]!) ?? null });

    // Restart the daemon: it reconciles the restores left half-done and delivers what is queued; SIGTERM stops it.
    const daemon = startWarden(['--config', daemonCfg, 'serve'], env);
    const want = specs.length + restored.length; // one kill mail per function, one restore mail per restored function
    const outbox = () => readDb(dbPath(), (db) => db.prepare("SELECT state, COUNT(*) AS n FROM outbox WHERE channel = 'email' GROUP BY state").all() as Array<{ state: string; n: number }>);
    await waitFor(`restores reconciled and ${want} mails sent`, () => !rows().some((r) => r.state === 'restoring') && outbox().find((o) => o.state === 'sent')?.n === want,
      60_000, () => ({ outbox: outbox(), restoring: rows().filter((r) => r.state === 'restoring').length }));
    daemon.child.kill('SIGTERM');
    expect((await daemon.exited).code).toBe(0);

    expect(integrity(dbPath())).toBe('ok');
    const final = rows();
    expect(final.filter((r) => ['pending', 'restoring'].includes(r.state))).toEqual([]);
    expect(readDb(dbPath(), (db) => db.prepare("SELECT COUNT(*) FROM job_runs WHERE status = 'running'").pluck().get())).toBe(0);
    for (const s of specs) {
      const arn = arnOf(s.key);
      const kills = final.filter((r) => r.arn === arn && ['throttled', 'restored'].includes(r.state));
      expect(kills, `${s.key} killed exactly once`).toHaveLength(1);
      const k = kills[0]!;
      expect(k.previousConcurrency).toBe(s.reservedConcurrency ?? null);
      expect(k.alertId, `${s.key} has its incident`).not.toBeNull();
      if (restored.includes(arn)) {
        expect(k).toMatchObject({ state: 'restored', incidentState: 'resolved' });
        expect(await state(arn)).toEqual({ reserved: s.reservedConcurrency, wardenTags: false });
      } else {
        expect(k).toMatchObject({ state: 'throttled', incidentState: 'open' });
        expect(await lambdaState(moto.endpoint, s.accountId, arn, TAG_PREVIOUS)).toEqual({ reserved: 0, wardenTags: true, tag: String(s.reservedConcurrency ?? 'none') });
      }
    }
    assertMail(restored);
  }, 150_000);
});

async function pendingWith(pred: (r: RowView) => Promise<boolean>): Promise<number> {
  let n = 0;
  for (const r of rows().filter((x) => x.state === 'pending')) if (await pred(r)) n++;
  return n;
}

/** One mail per kill and per restore, each with one Message-ID; the only resend is the one killed after SMTP accepted it. */
function assertMail(restored: string[]): void {
  const groups = byMessageId(sink.messages);
  const subjects = [...groups.values()].map((g) => g[0]!.subject);
  expect(new Set(subjects).size).toBe(groups.size);
  for (const s of specs) {
    const name = sim.fn(s.key).name;
    expect(subjects.filter((t) => t.includes(`Runaway Lambda ${name} (`) && t.includes('throttled to 0')), s.key).toHaveLength(1);
    expect(subjects.filter((t) => t.includes(`Lambda ${name} (`) && t.includes('restored by'))).toHaveLength(restored.includes(arnOf(s.key)) ? 1 : 0);
  }
  expect(groups.size).toBe(specs.length + restored.length);
  for (const g of groups.values()) expect(new Set(g.map((m) => m.envelope.to.join(','))).size).toBe(1);
  // At-least-once window: killed after the SMTP server accepted a message and before it was marked sent, the outbox
  // sends it again after the restart, under the same Message-ID (receivers de-duplicate on it). Exactly one such crash.
  const resent = [...groups.values()].filter((g) => g.length > 1);
  expect(resent.map((g) => g.length)).toEqual([2]);
}
