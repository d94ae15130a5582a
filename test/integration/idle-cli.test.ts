// End-to-end through the CLI: `warden run idle --json` and `warden run notify` against a seeded emulator and the SMTP
// sink. The CLI runs on the real clock, so only the checks without an age threshold can fire on fresh resources.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatAmount } from '../../core/money.ts';
import { awsEnv, startMoto, type Moto } from '../support/moto.ts';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { startPcProxy, type PcProxy } from '../support/idle-sim-pc.ts';
import { idleRuntime } from '../support/idle-runtime.ts';
import { ANA, BRUNO, REGIONS, buildIdleScenario, type Scenario } from '../support/idle-scenario.ts';

const run = promisify(execFile);
const AGELESS = new Set(['eip-unassociated', 'ebs-gp2', 'logs-no-retention', 'expired']);
let moto: Moto;
let pc: PcProxy;
let sink: SmtpSink;
let sc: Scenario;
let configPath: string;

beforeAll(async () => {
  moto = await startMoto();
  pc = await startPcProxy(moto.endpoint);
  sink = await startSmtpSink();
  sc = await buildIdleScenario(moto.endpoint, pc.endpoint, new Date());
  const built = idleRuntime({ awsEndpoint: pc.endpoint, sandboxOu: sc.org.sandboxOuId, regions: REGIONS, smtpPort: sink.port, start: new Date() });
  built.rt.close(); // only the config file is used: the CLI builds its own runtime
  configPath = built.configPath;
});
afterAll(async () => {
  sc?.destroy();
  await sink?.stop();
  await pc?.stop();
  await moto?.stop();
});

const warden = (...args: string[]) => run(process.execPath, ['bin/warden.js', '--config', configPath, ...args], { env: { ...process.env, ...awsEnv(pc.endpoint) }, maxBuffer: 10_000_000 });

it('run idle --json lists the findings; run notify mails one digest per developer', async () => {
  const { stdout } = await warden('run', 'idle', '--json');
  const report = JSON.parse(stdout) as { status: string; findings: Array<{ accountId: string; region: string; arn: string; check: string; owner: string; monthlyUsd: string }> };
  expect(report.status).toBe('ok');
  const want = sc.expected.filter((e) => AGELESS.has(e.check));
  expect(report.findings.map((f) => `${f.accountId}|${f.region}|${f.check}|${f.owner}|${f.monthlyUsd}`).sort())
    .toEqual(want.map((e) => `${e.accountId}|${e.region}|${e.check}|${e.owners.join(', ')}|${formatAmount(e.nano, 2)}`).sort());
  for (const f of report.findings) expect(f.arn).toMatch(/^arn:aws:/);

  await warden('run', 'notify');
  const mails = await sink.waitForMessages(2);
  expect(mails.map((m) => m.envelope.to).sort()).toEqual([[ANA], [BRUNO]]);
});
