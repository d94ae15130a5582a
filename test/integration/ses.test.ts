// The SES v2 transport's send path against the emulator (assertions on mail content live in the SMTP tests).
import { CreateEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMoto, testClientConfig, type Moto } from '../support/moto.ts';
import { inProcess, useEmulator, writeConfig } from '../support/warden.ts';
import { ManualClock } from '../../core/clock.ts';

let moto: Moto;
beforeAll(async () => {
  moto = await startMoto();
  useEmulator(moto.endpoint);
});
afterAll(async () => moto?.stop());

describe('SES transport', () => {
  it('fails (and keeps the message) until the sender identity exists, then sends it', async () => {
    const { path } = writeConfig({ organization: { sandboxOus: ['r-ab12'] }, regions: ['us-east-1'], log: { level: 'silent' }, email: { transport: 'ses', from: 'warden@example.com' }, outbox: { baseDelaySeconds: 1 } });
    const clock = new ManualClock('2026-12-01T09:00:00Z');
    const rt = inProcess(path, { clock });
    rt.notifier.enqueueEmail({ key: 'ses-1', to: ['dev@example.com'], subject: 'hello', text: 'body', html: '<p>body</p>' });
    expect(await rt.notifier.flush()).toMatchObject({ sent: 0, retrying: 1 });
    const ses = new SESv2Client(testClientConfig(moto.endpoint));
    await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: 'example.com' }));
    ses.destroy();
    clock.advance(2_000); // past the 1 s backoff
    expect(await rt.notifier.flush()).toMatchObject({ sent: 1 });
    const row = rt.repos.outbox.byKey('email:ses-1')!;
    expect(row.state).toBe('sent');
    expect(row.providerId).toBeTruthy();
    rt.close();
  });
});
