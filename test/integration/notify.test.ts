// notify job with a real SMTP server: one digest per developer over accounts and regions, snooze link end to end
// against the running Fastify app, SMTP down then up (sent exactly once), a refused recipient, reminders.
import getPort from 'get-port';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { formatCents } from '../../core/money.ts';
import { runJob } from '../../jobs/runner.ts';
import { idleJob } from '../../jobs/idle.ts';
import { notifyJob } from '../../jobs/notify.ts';
import { buildApp } from '../../server/app.ts';
import type { Runtime } from '../../cli/bootstrap.ts';
import type { ManualClock } from '../../core/clock.ts';
import { startMoto, type Moto } from '../support/moto.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { startPcProxy, type PcProxy } from '../support/idle-sim-pc.ts';
import { idleRuntime } from '../support/idle-runtime.ts';
import { ANA, BRUNO, CHEN, DAY, FIRST_SWEEP_AFTER_DAYS, REGIONS, buildIdleScenario, type Scenario } from '../support/idle-scenario.ts';

let moto: Moto;
let pc: PcProxy;
let sink: SmtpSink;
let sc: Scenario;
let rt: Runtime;
let clock: ManualClock;
let app: FastifyInstance;
const T1 = new Date(Date.now() + FIRST_SWEEP_AFTER_DAYS * DAY);

beforeAll(async () => {
  moto = await startMoto();
  pc = await startPcProxy(moto.endpoint);
  sink = await startSmtpSink({ rejectRecipients: [CHEN] });
  sc = await buildIdleScenario(moto.endpoint, pc.endpoint, T1);
  const port = await getPort({ host: '127.0.0.1' });
  ({ rt, clock } = idleRuntime({
    awsEndpoint: pc.endpoint, sandboxOu: sc.org.sandboxOuId, regions: REGIONS, smtpPort: sink.port, start: T1,
    publicUrl: `http://127.0.0.1:${port}`, idle: { checks: { 'snapshot-old': { maxAgeDays: 30 } }, snoozeDays: 10, remindEveryDays: 7 },
  }));
  app = await buildApp(rt);
  await app.listen({ host: '127.0.0.1', port });
  await runJob(idleJob, rt);
});
afterAll(async () => {
  await app?.close();
  rt?.close();
  sc?.destroy();
  await sink?.stop();
  await pc?.stop();
  await moto?.stop();
});

const expectedFor = (who: string) => sc.expected.filter((e) => e.owners.includes(who));
const totalFor = (who: string) => expectedFor(who).reduce((a, e) => a + e.nano, 0n);
const linksIn = (text: string) => [...text.matchAll(/Snooze \d+ days: (\S+)/g)].map((m) => m[1]!);

describe('notify digests', () => {
  it('sends one digest per developer across accounts and regions; the refused recipient is recorded, the others sent', async () => {
    const report = await runJob(notifyJob, rt);
    const digests = report.digests as Array<{ to: string; findings: number; totalUsd: string; state: string; error?: string }>;
    expect(digests.map((d) => d.to).sort()).toEqual([ANA, BRUNO, CHEN].sort());
    const chen = digests.find((d) => d.to === CHEN)!;
    expect(chen.state).toBe('dead');
    expect(chen.error).toMatch(/550|reject/i);
    expect(report.refused).toBe(1);
    const mails = await sink.waitForMessages(2);
    expect(mails).toHaveLength(2);
    for (const who of [ANA, BRUNO]) {
      const mine = mails.filter((m) => m.envelope.to.includes(who));
      expect(mine).toHaveLength(1);
      const m = mine[0]!;
      const want = expectedFor(who);
      expect(m.subject).toBe(`[Warden] ${want.length} idle resource${want.length === 1 ? '' : 's'} in your sandbox: about $${formatCents(totalFor(who))}/month`);
      expect(m.text).toContain(`Total: $${formatCents(totalFor(who))}/month`);
      for (const e of want) expect(m.text).toContain(`[${e.check}, new]`);
      expect(linksIn(m.text)).toHaveLength(want.length);
      expect(m.html).toContain(`$${formatCents(totalFor(who))}`);
    }
    // Ana owns findings in both accounts and all three regions and still gets one mail.
    const ana = mails.find((m) => m.envelope.to.includes(ANA))!;
    for (const acct of [sc.ana, sc.bruno]) expect(ana.text).toContain(`(${acct})`);
    for (const r of REGIONS) expect(ana.text).toContain(`, ${r}: $`);
  });

  it('a second run the same day sends nothing new', async () => {
    sink.clear();
    const report = await runJob(notifyJob, rt);
    expect(report.digests).toEqual([]);
    expect(sink.messages).toHaveLength(0);
  });

  it('snooze link: tampered and expired tokens are refused and change nothing; a valid one snoozes and the next digest leaves it out', async () => {
    const ana = rt.repos.outbox.list(50).find((r) => r.recipients.includes(ANA))!;
    const link = linksIn(ana.text!)[0]!;
    const token = link.split('/snooze/')[1]!;
    const id = Number(token.split('.')[0]);
    const tampered = link.replace(/\/snooze\/\d+\./, `/snooze/${id + 1}.`);
    expect((await fetch(tampered)).status).toBe(400);
    expect((await fetch(`${link.slice(0, -2)}${link.endsWith('AA') ? 'BB' : 'AA'}`)).status).toBe(400);
    expect(rt.repos.idle.findings.get(id + 1)?.snoozedUntil ?? null).toBeNull();
    const ok = await fetch(link);
    expect(ok.status).toBe(200);
    const page = await ok.text();
    expect(page).toContain('Snoozed');
    const f = rt.repos.idle.findings.get(id)!;
    expect(f.snoozedUntil).toBe(new Date(clock.now().getTime() + 10 * DAY).toISOString());
    expect(f.snoozedBy).toBe(ANA);
    expect(page).toContain(f.snoozedUntil!.slice(0, 10));

    // A week later the reminder goes out without the snoozed finding.
    clock.advance(7 * DAY);
    sink.clear();
    await sc.seedCpu(clock.now());
    await runJob(idleJob, rt);
    const r = await runJob(notifyJob, rt);
    const anaDigest = (r.digests as Array<{ to: string; findings: number }>).find((d) => d.to === ANA)!;
    const expectedAfterSnooze = rt.repos.idle.findings.listOpen({ now: clock.now().toISOString(), owner: ANA, includeSnoozed: false }).length;
    expect(anaDigest.findings).toBe(expectedAfterSnooze);
    expect(anaDigest.findings).toBe(expectedFor(ANA).length - 1);
    const mail = (await sink.waitForMessages(2)).find((m) => m.envelope.to.includes(ANA))!;
    expect(mail.text).not.toContain(`/snooze/${id}.`);
    expect(mail.text).toContain('reminder');

    // The link has expired 30 days after it was mailed: refused, the snooze is unchanged.
    clock.set(new Date(T1.getTime() + 31 * DAY));
    const expired = await fetch(link);
    expect(expired.status).toBe(410);
    expect(rt.repos.idle.findings.get(id)!.snoozedUntil).toBe(f.snoozedUntil);
  });

  it('SMTP down: the digest stays in the outbox and a later run sends it exactly once', async () => {
    await sink.stop();
    sink.clear();
    clock.advance(8 * DAY); // past snooze end and the reminder interval
    await sc.seedCpu(clock.now());
    await runJob(idleJob, rt);
    const down = await runJob(notifyJob, rt);
    const ana = (down.digests as Array<{ to: string; state: string; key: string }>).find((d) => d.to === ANA)!;
    expect(ana.state).toBe('pending');
    expect(rt.repos.outbox.byKey(`email:${ana.key}`)!.lastError).toBeTruthy();
    await sink.start();
    clock.advance(10 * 60_000); // past the outbox backoff
    const again = await runJob(notifyJob, rt);
    expect(again.digests).toEqual([]); // nothing new to queue: the outbox sends the kept one
    await sink.waitForMessages(2);
    await runJob(notifyJob, rt);
    const toAna = sink.messages.filter((m) => m.envelope.to.includes(ANA));
    expect(toAna).toHaveLength(1);
    expect(rt.repos.outbox.byKey(`email:${ana.key}`)!.state).toBe('sent');
    expect(toAna[0]!.text).toContain('snooze ended');
  });
});
