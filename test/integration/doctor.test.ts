// `warden doctor` against the emulator: a simulated organization, one sandbox whose member role cannot be
// assumed (AssumeRole answered AccessDenied by the fault proxy), a real SMTP server, and a database on disk.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import type { DoctorReport } from '../../cli/doctor/types.ts';
import { listMigrations, openDatabase } from '../../db/index.ts';
import { startFaultProxy, type FaultProxy, type RuleHandle } from '../support/fault-proxy.ts';
import { startMoto, type Moto } from '../support/moto.ts';
import { buildOrganization, type SimAccount, type SimOrg } from '../support/org-simulator.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { useEmulator, writeConfig } from '../support/warden.ts';

let moto: Moto;
let proxy: FaultProxy;
let sink: SmtpSink;
let org: SimOrg;
let sandboxes: SimAccount[];
let broken: SimAccount;
let configPath: string;
let dbPath: string;

async function doctor(args: string[], path = configPath) {
  let out = '';
  const stdout = new Writable({ write: (chunk, _enc, cb) => ((out += String(chunk)), cb()) });
  const code = await main(['doctor', '--config', path, ...args], process.env, { stdout, stderr: stdout });
  return { code, out, report: () => JSON.parse(out) as DoctorReport };
}

const byId = (r: DoctorReport) => Object.fromEntries(r.checks.map((c) => [c.id, c]));

function breakRole(account: SimAccount): RuleHandle {
  return proxy.addRule({
    service: 'sts', operation: 'AssumeRole', bodyIncludes: account.id,
    action: { kind: 'error', status: 403, code: 'AccessDenied', message: `User is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${account.id}:role/SandboxWardenMember` },
  });
}

beforeAll(async () => {
  moto = await startMoto();
  org = await buildOrganization(moto.endpoint);
  proxy = await startFaultProxy(moto.endpoint);
  sink = await startSmtpSink();
  useEmulator(proxy.endpoint);
  sandboxes = org.accounts.filter((a) => a.kind === 'sandbox' && a.status === 'ACTIVE' && !a.excluded);
  broken = sandboxes[Math.floor(sandboxes.length / 2)]!;
  const written = writeConfig({
    organization: { sandboxOus: [org.sandboxOuId], memberRoleName: 'SandboxWardenMember', excludeAccounts: org.accounts.filter((a) => a.excluded).map((a) => a.id) },
    alerts: { managers: ['cloud-team@example.com'], webhookUrl: 'http://localhost:9/hooks/T0KEN' },
    email: { transport: 'smtp', from: 'warden@example.com', smtp: { host: '127.0.0.1', port: sink.port } },
  });
  configPath = written.path;
  dbPath = join(written.dir, 'warden.db');
  openDatabase(dbPath).close(); // a database as `serve` leaves it: every migration applied
});

afterAll(async () => {
  await sink?.stop();
  await proxy?.stop();
  await moto?.stop();
});

describe('warden doctor', () => {
  it('reports the one sandbox whose role cannot be assumed, every other check healthy, and exits 1', async () => {
    const rule = breakRole(broken);
    const assumesBefore = proxy.hits.filter((h) => h.operation === 'AssumeRole').length;
    const { code, report } = await doctor(['--json']);
    rule.remove();
    const r = report();
    const checks = byId(r);
    expect(code).toBe(1);
    expect(r.healthy).toBe(false);
    expect(r.checks.map((c) => [c.id, c.status])).toEqual([
      ['config', 'ok'], ['database', 'ok'], ['credentials', 'ok'], ['organizations', 'ok'],
      ['memberRole', 'fail'], ['costExplorer', 'ok'], ['email', 'ok'], ['webhook', 'ok'],
    ]);
    const latest = Math.max(...listMigrations().map((m) => m.version));
    expect(checks.database!.detail).toBe(`${dbPath}: integrity ok, schema version ${latest} of ${latest}`);
    expect(checks.credentials!.detail).toContain(`account ${org.managementAccountId}`);
    expect(checks.organizations!.detail).toContain(`management account ${org.managementAccountId}: ${sandboxes.length} active sandbox account(s)`);
    expect(checks.memberRole!.detail).toBe(`role SandboxWardenMember assumed in ${sandboxes.length - 1} of ${sandboxes.length} sandbox account(s); 1 failed`);
    expect(checks.memberRole!.failures).toEqual([{ id: broken.id, name: broken.name, message: expect.stringContaining('access denied (AccessDenied)') }]);
    expect(checks.memberRole!.fix).toContain('deploy/cloudformation/member-role.yaml');
    expect(checks.email!.detail).toBe(`SMTP server 127.0.0.1:${sink.port} answered (nothing was sent)`);
    expect(checks.webhook!.detail).toMatch(/^http:\/\/localhost:9\/…: host resolves to /);
    expect(JSON.stringify(r)).not.toContain('T0KEN');
    // One AssumeRole per active sandbox (the broken one answered 403), nothing mailed.
    expect(proxy.hits.filter((h) => h.operation === 'AssumeRole').length - assumesBefore).toBe(sandboxes.length);
    expect(sink.messages).toHaveLength(0);
  });

  it('prints a checklist with the failed accounts and the fix', async () => {
    const rule = breakRole(broken);
    const { code, out } = await doctor([]);
    rule.remove();
    expect(code).toBe(1);
    const lines = out.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('[FAIL]'))).toEqual([expect.stringMatching(/^\[FAIL\] Member role in sandboxes\s+role SandboxWardenMember assumed in/)]);
    expect(lines.filter((l) => l.startsWith('[ ok ]'))).toHaveLength(7);
    expect(out).toContain(`  - ${broken.id} (${broken.name}): cannot assume arn:aws:iam::${broken.id}:role/SandboxWardenMember`);
    expect(out).toMatch(/\n {9}fix: Deploy the member role/);
    expect(lines.at(-1)).toBe('1 check failed.');
  });

  it('exits 0 once every role can be assumed', async () => {
    const { code, report } = await doctor(['--json']);
    expect(report().checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(report().healthy).toBe(true);
    expect(code).toBe(0);
  });

  it('fails the email check with a fix when the SMTP server is down', async () => {
    await sink.stop();
    try {
      const { code, report } = await doctor(['--json']);
      const email = byId(report()).email!;
      expect(code).toBe(1);
      expect(email.status).toBe('fail');
      expect(email.detail).toContain(`SMTP server 127.0.0.1:${sink.port}`);
      expect(email.fix).toContain('email.smtp.host');
    } finally {
      await sink.start();
    }
  });

  it('reports an invalid configuration and skips the checks that need it', async () => {
    const bad = join(configPath, '..', 'bad.config.yaml');
    writeFileSync(bad, `organization:\n  sandboxOus: [${org.sandboxOuId}]\nregion: [us-east-1]\n`);
    const { code, report } = await doctor(['--json'], bad);
    const r = report();
    expect(code).toBe(1);
    expect(r.checks[0]).toMatchObject({ id: 'config', status: 'fail', detail: expect.stringContaining('region: unknown key (did you mean "regions"?)') });
    expect(r.checks.slice(1).map((c) => c.status)).toEqual(Array(7).fill('skip'));
  });
});
