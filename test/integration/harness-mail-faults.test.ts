// Proves the test harness, part 2: the SMTP sink and the fault-injection proxy in front of moto.
import { GetFunctionConcurrencyCommand, LambdaClient, PutFunctionConcurrencyCommand } from '@aws-sdk/client-lambda';
import { ListRootsCommand, OrganizationsClient, paginateListAccounts } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { startMoto, testClientConfig, type Moto } from '../support/moto.ts';
import { buildOrganization, roleArn, type SimOrg } from '../support/org-simulator.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';

describe('SMTP sink', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink({ rejectRecipients: ['Bounce.Me@example.com'] });
  });
  afterAll(async () => {
    await sink?.stop();
  });
  const transport = () =>
    nodemailer.createTransport({ host: '127.0.0.1', port: sink.port, secure: false, ignoreTLS: true });

  it('receives and parses a nodemailer message, answering 550 to a rejected recipient', async () => {
    const t = transport();
    const info = await t.sendMail({
      from: 'Sandbox Warden <warden@example.com>',
      to: ['ana.silva@example.com', 'bounce.me@example.com'],
      subject: 'Budget alert: sandbox-ana-silva at 80%',
      text: 'Month to date: $80.12',
      html: '<p>Month to date: <b>$80.12</b></p>',
      headers: { 'X-Warden-Account': '123456789012' },
    });
    t.close();
    expect(info.accepted).toEqual(['ana.silva@example.com']);
    expect(info.rejected).toEqual(['bounce.me@example.com']);
    const [msg] = await sink.waitForMessages(1);
    expect(msg).toMatchObject({
      envelope: { from: 'warden@example.com', to: ['ana.silva@example.com'] },
      subject: 'Budget alert: sandbox-ana-silva at 80%',
      html: '<p>Month to date: <b>$80.12</b></p>',
    });
    expect(msg!.text.trim()).toBe('Month to date: $80.12');
    expect(msg!.headers.get('x-warden-account')).toBe('123456789012');
    expect(msg!.messageId).toMatch(/^<.+@.+>$/);
  });

  it('fails every recipient rejected with EENVELOPE', async () => {
    const t = transport();
    await expect(
      t.sendMail({ from: 'warden@example.com', to: 'bounce.me@example.com', subject: 'x', text: 'x' }),
    ).rejects.toMatchObject({ code: 'EENVELOPE', rejected: ['bounce.me@example.com'] });
    t.close();
  });

  it('simulates an outage with stop() and recovers with start() on the same port', async () => {
    sink.clear();
    await sink.stop();
    const down = transport();
    await expect(down.sendMail({ from: 'warden@example.com', to: 'ana.silva@example.com', text: 'x' })).rejects.toMatchObject({
      code: 'ESOCKET',
    });
    down.close();
    await sink.start();
    const up = transport();
    await up.sendMail({ from: 'warden@example.com', to: 'ana.silva@example.com', subject: 'after', text: 'x' });
    up.close();
    expect((await sink.waitForMessages(1)).map((m) => m.subject)).toEqual(['after']);
    await expect(sink.waitForMessages(2, 200)).rejects.toThrow(/got 1/);
  });
});

describe('fault proxy', () => {
  let moto: Moto;
  let proxy: FaultProxy;
  let org: SimOrg;
  beforeAll(async () => {
    moto = await startMoto();
    org = await buildOrganization(moto.endpoint);
    proxy = await startFaultProxy(moto.endpoint);
  });
  afterAll(async () => {
    await proxy?.stop();
    await moto?.stop();
  });

  it('fails AssumeRole with 403 AccessDenied for one account while others pass', async () => {
    const [denied, allowed] = org.accounts.filter((a) => a.kind === 'sandbox' && a.status === 'ACTIVE');
    const rule = proxy.addRule({
      service: 'sts',
      operation: 'AssumeRole',
      bodyIncludes: denied!.id,
      action: { kind: 'error', status: 403, code: 'AccessDenied', message: `User is not authorized to perform: sts:AssumeRole on ${roleArn(denied!.id)}` },
    });
    const sts = new STSClient(testClientConfig(proxy.endpoint));
    const assume = (id: string) =>
      sts.send(new AssumeRoleCommand({ RoleArn: roleArn(id), RoleSessionName: 'warden' }));
    await expect(assume(denied!.id)).rejects.toMatchObject({
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 },
      message: expect.stringContaining('not authorized'),
    });
    const ok = await assume(allowed!.id);
    const c = ok.Credentials!;
    const member = new STSClient(
      testClientConfig(proxy.endpoint, 'us-east-1', { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! }),
    );
    expect((await member.send(new GetCallerIdentityCommand({}))).Account).toBe(allowed!.id);
    member.destroy();
    sts.destroy();
    expect(rule.applied).toBe(1);
    expect(proxy.hits.filter((h) => h.operation === 'AssumeRole').map((h) => [h.status, h.injected])).toEqual([
      [403, true],
      [200, false],
    ]);
    proxy.clearRules();
  });

  it('injects JSON-protocol throttling and connection resets that the SDK retries', async () => {
    proxy.addRule({
      service: 'organizations',
      operation: 'ListAccounts',
      times: 1,
      action: { kind: 'error', status: 400, code: 'TooManyRequestsException', message: 'AWS Organizations can not complete your request because another request is already in progress.' },
    });
    proxy.addRule({ service: 'organizations', operation: 'ListRoots', times: 1, action: { kind: 'reset' } });
    const orgs = new OrganizationsClient(testClientConfig(proxy.endpoint));
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client: orgs, pageSize: 20 }, {})) ids.push(...page.Accounts!.map((a) => a.Id!));
    expect(ids.length).toBe(org.accounts.length);
    const roots = await orgs.send(new ListRootsCommand({}));
    expect(roots.Roots?.[0]?.Id).toBe(org.rootId);
    orgs.destroy();
    const seen = proxy.hits.filter((h) => h.service === 'organizations').map((h) => `${h.operation}:${h.status}`);
    expect(seen.slice(0, 2)).toEqual(['ListAccounts:400', 'ListAccounts:200']);
    expect(seen.filter((s) => s.startsWith('ListRoots'))).toEqual(['ListRoots:0', 'ListRoots:200']);
    proxy.clearRules();
  });

  it('names REST-JSON Lambda operations and answers their errors in Lambda shape', async () => {
    proxy.addRule({
      service: 'lambda',
      operation: 'PutFunctionConcurrency',
      action: { kind: 'error', status: 409, code: 'ResourceConflictException', message: 'The operation cannot be performed at this time.' },
    });
    const lambda = new LambdaClient({ ...testClientConfig(proxy.endpoint), maxAttempts: 1 });
    await expect(
      lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: 'runaway', ReservedConcurrentExecutions: 0 })),
    ).rejects.toMatchObject({ name: 'ResourceConflictException', $metadata: { httpStatusCode: 409 } });
    // Forwarded to moto, which has no such function.
    await expect(lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: 'runaway' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    lambda.destroy();
    expect(proxy.hits.slice(-2)).toEqual([
      { service: 'lambda', operation: 'PutFunctionConcurrency', status: 409, injected: true },
      { service: 'lambda', operation: 'GetFunctionConcurrency', status: 404, injected: false },
    ]);
    proxy.clearRules();
  });

  it('delays a request by the configured time', async () => {
    proxy.addRule({ service: 'sts', operation: 'GetCallerIdentity', times: 1, action: { kind: 'delay', ms: 300 } });
    const sts = new STSClient(testClientConfig(proxy.endpoint));
    const t0 = Date.now();
    expect((await sts.send(new GetCallerIdentityCommand({}))).Account).toBe(org.managementAccountId);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    sts.destroy();
    proxy.clearRules();
  });
});
