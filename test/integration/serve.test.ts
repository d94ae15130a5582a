// `warden serve` as a real process: jobs run on their cron schedules, /healthz answers, SIGTERM stops it cleanly.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMoto, awsEnv, type Moto } from '../support/moto.ts';
import { buildOrganization, type SimOrg } from '../support/org-simulator.ts';
import { runCli, writeConfig } from '../support/warden.ts';

const BIN = fileURLToPath(new URL('../../bin/warden.js', import.meta.url));
let moto: Moto;
let org: SimOrg;

beforeAll(async () => {
  moto = await startMoto();
  org = await buildOrganization(moto.endpoint);
});
afterAll(async () => moto?.stop());

/** Resolves with the first structured log line matching `pred`, from a process's stderr. */
function waitForLog(stream: NodeJS.ReadableStream, pred: (l: Record<string, unknown>) => boolean, timeoutMs = 30_000): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`no matching log line within ${timeoutMs} ms:\n${buf.slice(-3000)}`)), timeoutMs);
    stream.on('data', (d: Buffer) => {
      buf += d.toString();
      for (const line of buf.split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          const parsed = JSON.parse(line) as Record<string, unknown>;
          if (pred(parsed)) {
            clearTimeout(timer);
            resolve(parsed);
            return;
          }
        } catch {
          /* partial line */
        }
      }
    });
  });
}

describe('warden serve', () => {
  it('runs scheduled jobs, serves /healthz and exits 0 on SIGTERM', async () => {
    const { path } = writeConfig({
      organization: { sandboxOus: [org.sandboxOuId], verifyAccess: false }, regions: ['us-east-1'],
      server: { port: 0 }, log: { level: 'info' },
      // discover every second; everything else far in the future
      schedules: { discover: '* * * * * *', spend: '0 0 1 1 *', outbox: '0 0 1 1 *', runaway: '0 0 1 1 *', idle: '0 0 1 1 *', notify: '0 0 1 1 *', report: '0 0 1 1 *' },
    });
    const child = spawn(process.execPath, [BIN, '--config', path, 'serve'], { env: { PATH: process.env.PATH ?? '', ...awsEnv(moto.endpoint) }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      const serving = await waitForLog(child.stderr!, (l) => l.msg === 'warden serving');
      const finished = await waitForLog(child.stderr!, (l) => l.msg === 'job finished' && l.job === 'discover');
      expect(finished.status).toBe('ok');
      const res = await fetch(`http://127.0.0.1:${serving.port as number}/healthz`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { status: string; database: string; jobs: Array<{ job: string; status: string }> };
      expect(body.status).toBe('ok');
      expect(body.jobs.find((j) => j.job === 'discover')?.status).toBe('ok');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('refuses a second instance on the same database; a killed one does not leave the lock stuck', async () => {
    const { path } = writeConfig({
      organization: { sandboxOus: [org.sandboxOuId], verifyAccess: false }, regions: ['us-east-1'], server: { port: 0 }, log: { level: 'info' },
      schedules: { discover: '0 0 1 1 *', spend: '0 0 1 1 *', outbox: '0 0 1 1 *', runaway: '0 0 1 1 *', idle: '0 0 1 1 *', notify: '0 0 1 1 *', report: '0 0 1 1 *' },
    });
    const start = () => spawn(process.execPath, [BIN, '--config', path, 'serve'], { env: { PATH: process.env.PATH ?? '', ...awsEnv(moto.endpoint) }, stdio: ['ignore', 'pipe', 'pipe'] });
    const first = start();
    const firstExit = new Promise((r) => first.on('exit', r));
    await waitForLog(first.stderr!, (l) => l.msg === 'warden serving');
    const second = await runCli(['--config', path, 'serve'], awsEnv(moto.endpoint));
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`another warden serve is already running on database`);
    expect(second.stderr).toContain(`pid ${first.pid}`);
    first.kill('SIGKILL');
    await firstExit;
    const third = start();
    const thirdExit = new Promise<number | null>((r) => third.on('exit', (c) => r(c)));
    await waitForLog(third.stderr!, (l) => l.msg === 'warden serving');
    third.kill('SIGTERM');
    expect(await thirdExit).toBe(0);
  });

  it('answers --help for every command and exits 2 on an unknown one', async () => {
    const top = await runCli(['--help'], {});
    expect(top.code).toBe(0);
    const commands = [...top.stdout.matchAll(/^ {2}([a-z-]+)[ \[]/gm)].map((m) => m[1]!).filter((c) => c !== 'help');
    expect(commands).toEqual(expect.arrayContaining(['run', 'serve']));
    for (const c of commands) {
      const r = await runCli([c, '--help'], {});
      expect(r.code, c).toBe(0);
      expect(r.stdout).toContain(`Usage: warden ${c}`);
    }
    const bad = await runCli(['frobnicate'], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown command 'frobnicate'/);
    const badJob = await runCli(['--config', '/nonexistent.yaml', 'run', 'nojob'], {});
    expect(badJob.code).toBe(2);
    expect(badJob.stderr).toMatch(/unknown job "nojob"; valid jobs: discover, spend/);
  });
});
