// Fault injection for the outbox: SES v2 SendEmail throttled (429 TooManyRequestsException), failing (500), reset
// and never answering, through the fault proxy; and an SMTP outage during a flush, on the real SMTP sink.
// Every queued message is accepted exactly once, the retries are the outbox's own (bounded, with backoff on the
// ManualClock), and a message the provider never accepted is still pending, not lost.
import { CreateEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJob } from '../../jobs/index.ts';
import { runJob } from '../../jobs/runner.ts';
import { testClientConfig } from '../support/moto.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { SERVER_ERROR, startWarden, startWorld, trackUnhandledRejections, type Warden, type World } from '../support/faults-world.ts';

const MESSAGES = 6;
const SES_THROTTLE = { kind: 'error', status: 429, code: 'TooManyRequestsException', message: 'Maximum sending rate exceeded.' } as const;
let w: World;
let sink: SmtpSink;
let rejections: ReturnType<typeof trackUnhandledRejections>;
const open: Warden[] = [];

beforeAll(async () => {
  rejections = trackUnhandledRejections();
  w = await startWorld();
  sink = await startSmtpSink();
  const ses = new SESv2Client(testClientConfig(w.moto.endpoint));
  await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
  ses.destroy();
});
afterAll(async () => {
  for (const x of open) await x.close();
  await sink?.stop();
  await w?.stop();
});

function warden(email: Record<string, unknown>): Warden {
  const x = startWarden(w, { email: { from: 'warden@example.com', ...email }, outbox: { baseDelaySeconds: 60, maxDelaySeconds: 600, maxAttempts: 10 }, aws: { maxAttempts: 1, requestTimeoutMs: 500 } });
  open.push(x);
  return x;
}

function enqueue(x: Warden, prefix: string): string[] {
  const keys = Array.from({ length: MESSAGES }, (_, i) => `${prefix}-${i}`);
  for (const key of keys) x.rt.notifier.enqueueEmail({ key, to: [`dev${key}@example.com`], subject: `subject ${key}`, text: `body ${key}` });
  return keys;
}

/** Runs the outbox job, then moves the clock past the longest backoff, until nothing is pending (at most `rounds`). */
async function drain(x: Warden, rounds: number): Promise<number> {
  for (let i = 1; i <= rounds; i++) {
    const r = await runJob(getJob('outbox'), x.rt);
    expect(r.status).toBe('ok');
    const backlog = (r.outbox as { backlog: Record<string, number> }).backlog;
    if (!backlog.pending && !backlog.sending) return i;
    x.clock.advance(601_000);
  }
  return rounds;
}

describe('outbox under faults', () => {
  it('SES: throttled, failing, reset and hung sends are retried by the outbox and each message is accepted once', async () => {
    const x = warden({ transport: 'ses' });
    const keys = enqueue(x, 'ses');
    const faults = [
      w.proxy.addRule({ service: 'ses', operation: 'SendEmail', times: 2, action: SES_THROTTLE }),
      w.proxy.addRule({ service: 'ses', operation: 'SendEmail', times: 1, action: SERVER_ERROR }),
      w.proxy.addRule({ service: 'ses', operation: 'SendEmail', times: 1, action: { kind: 'reset' } }),
      w.proxy.addRule({ service: 'ses', operation: 'SendEmail', times: 1, action: { kind: 'hang' } }),
    ];
    const before = w.proxy.hits.length;
    // The flush sends one by one: the first five meet one fault each, the retry round sends them.
    expect(await drain(x, 5)).toBe(2);
    w.proxy.clearRules();
    const sends = w.proxy.hits.slice(before).filter((h) => h.operation === 'SendEmail');
    const injected = faults.reduce((n, f) => n + f.applied, 0);
    expect(injected).toBe(5);
    expect(sends.filter((h) => h.injected)).toHaveLength(injected);
    // Accepted by SES exactly once per message, and no more attempts than one per message plus one per fault.
    expect(sends.filter((h) => !h.injected && h.status === 200)).toHaveLength(MESSAGES);
    expect(sends).toHaveLength(MESSAGES + injected);
    const rows = keys.map((k) => x.rt.repos.outbox.byKey(`email:${k}`)!);
    expect(rows.map((r) => r.state)).toEqual(keys.map(() => 'sent'));
    expect(rows.reduce((n, r) => n + r.attempts, 0)).toBe(MESSAGES + injected);
  });

  it('SMTP: an outage during a flush delivers every message exactly once after recovery', async () => {
    const x = warden({ transport: 'smtp', smtp: { host: '127.0.0.1', port: sink.port, timeoutMs: 1000 } });
    sink.clear();
    const keys = enqueue(x, 'smtp');
    await sink.stop();
    const down = await runJob(getJob('outbox'), x.rt);
    expect(down.outbox).toMatchObject({ sent: 0, retrying: MESSAGES });
    await sink.start();
    expect(await drain(x, 3)).toBe(2); // not due until the backoff has passed, then all sent
    const got = sink.messages.map((m) => m.subject).sort();
    expect(got).toEqual(keys.map((k) => `subject ${k}`).sort());
    expect(new Set(sink.messages.map((m) => m.messageId)).size).toBe(MESSAGES);
  });

  it('saw no unhandled rejection', () => {
    expect(rejections.stop()).toEqual([]);
  });
});
