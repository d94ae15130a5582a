// The outbox against a real SMTP server: an outage loses nothing, recovery sends exactly once, refused recipients
// are recorded while the others still get the mail, a crash mid-send is recovered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { writeConfig, inProcess } from '../support/warden.ts';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { ManualClock } from '../../core/clock.ts';
import { processGone, thisProcess } from '../../core/processes.ts';
import type { Runtime } from '../../cli/bootstrap.ts';

let smtp: SmtpSink;
const BAD = 'nobody@example.com';

beforeAll(async () => {
  smtp = await startSmtpSink({ rejectRecipients: [BAD] });
});
afterAll(async () => smtp?.stop());

function setup(): { rt: Runtime; clock: ManualClock } {
  const clock = new ManualClock('2026-11-30T10:00:00Z');
  const { path } = writeConfig({
    organization: { sandboxOus: ['r-ab12'] }, regions: ['us-east-1'], log: { level: 'silent' },
    email: { transport: 'smtp', from: 'warden@example.com', smtp: { host: '127.0.0.1', port: smtp.port, timeoutMs: 2000 } },
    outbox: { baseDelaySeconds: 60, maxAttempts: 5 },
  });
  return { rt: inProcess(path, { clock }), clock };
}

describe('outbox', () => {
  it('keeps mail through an SMTP outage and sends it exactly once after', async () => {
    const { rt, clock } = setup();
    smtp.clear();
    await smtp.stop();
    expect(rt.notifier.enqueueEmail({ key: 'outage-1', to: ['dev@example.com'], subject: 'Idle resources', text: 'hello' })).toBe(true);
    expect(rt.notifier.enqueueEmail({ key: 'outage-1', to: ['dev@example.com'], subject: 'Idle resources', text: 'hello' })).toBe(false);
    expect(await rt.notifier.flush()).toEqual({ sent: 0, retrying: 1, dead: 0 });
    const row = rt.repos.outbox.byKey('email:outage-1')!;
    expect(row).toMatchObject({ state: 'pending', attempts: 1 });
    expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
    await smtp.start();
    expect(await rt.notifier.flush()).toEqual({ sent: 0, retrying: 0, dead: 0 }); // not due before its backoff
    clock.advance(61_000);
    expect(await rt.notifier.flush()).toEqual({ sent: 1, retrying: 0, dead: 0 });
    clock.advance(3_600_000);
    expect(await rt.notifier.flush()).toEqual({ sent: 0, retrying: 0, dead: 0 });
    const got = await smtp.waitForMessages(1);
    expect(got).toHaveLength(1);
    expect(got[0]!.subject).toBe('Idle resources');
    expect(rt.repos.outbox.byKey('email:outage-1')).toMatchObject({ state: 'sent', attempts: 2 });
    rt.close();
  });

  it('records a refused recipient and still delivers to the others; all refused goes dead at once', async () => {
    const { rt } = setup();
    smtp.clear();
    rt.notifier.enqueueEmail({ key: 'mixed', to: ['ok@example.com', BAD], subject: 'Mixed', text: 't' });
    rt.notifier.enqueueEmail({ key: 'all-bad', to: [BAD], subject: 'Bad', text: 't' });
    expect(await rt.notifier.flush()).toEqual({ sent: 1, retrying: 0, dead: 1 });
    const got = await smtp.waitForMessages(1);
    expect(got[0]!.envelope.to).toEqual(['ok@example.com']);
    expect(rt.repos.outbox.byKey('email:mixed')!.rejected).toEqual([BAD]);
    expect(rt.repos.outbox.byKey('email:all-bad')).toMatchObject({ state: 'dead' });
    rt.close();
  });

  it('sends again a message a crashed process left in flight, with the same Message-ID; never one a live process is sending', async () => {
    const { rt, clock } = setup();
    smtp.clear();
    rt.notifier.enqueueEmail({ key: 'crash', to: ['dev@example.com'], subject: 'Crash', text: 't' });
    rt.notifier.enqueueEmail({ key: 'live', to: ['dev@example.com'], subject: 'Live', text: 't' });
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!; // a process that has exited
    const crashed = rt.repos.outbox.byKey('email:crash')!;
    const live = rt.repos.outbox.byKey('email:live')!;
    const now = clock.now().toISOString();
    expect(rt.repos.outbox.claim(crashed.id, `${dead}@${hostname()}`, now)).toBe(true); // died right after claiming
    expect(rt.repos.outbox.claim(live.id, thisProcess(), now)).toBe(true); // another live sender, mid-send
    expect(await rt.notifier.flush()).toEqual({ sent: 0, retrying: 0, dead: 0 });
    const gone = (who: string | null, since: string | null) => processGone(who, since, clock.now(), 600_000);
    expect(rt.repos.outbox.releaseStale(gone)).toBe(1); // what bootstrap does at the next start
    expect(rt.repos.outbox.byKey('email:live')!.state).toBe('sending');
    expect(await rt.notifier.flush()).toEqual({ sent: 1, retrying: 0, dead: 0 });
    const [msg] = await smtp.waitForMessages(1);
    expect(msg!.subject).toBe('Crash');
    expect(msg!.messageId).toBe(rt.repos.outbox.byKey('email:crash')!.providerId);
    rt.close();
  });
});
