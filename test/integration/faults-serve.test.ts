// `warden serve` as a real process, with AWS misbehaving all the time behind the fault proxy: seeded random resets,
// every-Nth 5xx and throttling, truncated bodies and requests that never answer, on every service. The scheduled
// jobs keep running (none crashes the scheduler), the process stays up and answers /healthz, and it exits 0 on SIGTERM.
// Node ends a process on an unhandled rejection, so staying up also means there was none.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsEnv } from '../support/moto.ts';
import { writeConfig } from '../support/warden.ts';
import { SERVER_ERROR, THROTTLE, startWorld, type World } from '../support/faults-world.ts';

const BIN = fileURLToPath(new URL('../../bin/warden.js', import.meta.url));
const NEVER = '0 0 1 1 *';
let w: World;

beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => w?.stop());

type Line = Record<string, unknown>;

async function until(lines: Line[], pred: (ls: Line[]) => boolean, what: string, timeoutMs = 40_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred(lines)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last lines:\n${lines.slice(-15).map((l) => JSON.stringify(l)).join('\n')}`);
    await new Promise((r) => setTimeout(r, 100)); // polling a subprocess's output: real time is what it runs on
  }
}

describe('warden serve under constant AWS faults', () => {
  it('keeps scheduling jobs, stays up, answers /healthz and stops cleanly', async () => {
    w.proxy.addRule({ probability: 0.15, seed: 3, action: { kind: 'reset' } });
    w.proxy.addRule({ every: 5, action: SERVER_ERROR });
    w.proxy.addRule({ service: 'sts', every: 4, action: THROTTLE.sts });
    w.proxy.addRule({ service: 'monitoring', every: 3, action: THROTTLE.cloudwatch });
    w.proxy.addRule({ probability: 0.1, seed: 9, action: { kind: 'truncate' } });
    w.proxy.addRule({ times: 3, action: { kind: 'hang' } });
    const { path } = writeConfig({
      organization: { sandboxOus: [w.org.sandboxOuId], accountCacheMinutes: 0 }, regions: ['us-east-1'],
      aws: { maxAttempts: 2, requestTimeoutMs: 500, concurrency: 4 }, server: { port: 0 }, log: { level: 'info' },
      schedules: { discover: '*/2 * * * * *', runaway: '*/3 * * * * *', spend: '*/4 * * * * *', idle: '*/5 * * * * *', outbox: NEVER, notify: NEVER, report: NEVER },
    });
    const child = spawn(process.execPath, [BIN, '--config', path, 'serve'], { env: { PATH: process.env.PATH ?? '', ...awsEnv(w.proxy.endpoint) }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const lines: Line[] = [];
    let raw = '';
    child.stderr.on('data', (d: Buffer) => {
      raw += d.toString();
      const parts = raw.split('\n');
      raw = parts.pop() ?? '';
      for (const p of parts) if (p.startsWith('{')) lines.push(JSON.parse(p) as Line);
    });
    const finished = (job: string) => lines.filter((l) => l.msg === 'job finished' && l.job === job);
    try {
      await until(lines, (ls) => ls.some((l) => l.msg === 'warden serving'), 'warden serving');
      await until(lines, () => ['discover', 'runaway'].every((j) => finished(j).length >= 3) && ['spend', 'idle'].every((j) => finished(j).length >= 1), 'jobs to finish under faults');
      expect(child.exitCode).toBeNull();
      expect(w.proxy.hits.filter((h) => h.injected).length).toBeGreaterThan(10);
      const statuses = new Set(lines.filter((l) => l.msg === 'job finished').map((l) => l.status));
      expect([...statuses].every((s) => ['ok', 'partial', 'failed'].includes(String(s)))).toBe(true);
      expect(lines.filter((l) => l.msg === 'scheduled run crashed')).toEqual([]);
      const port = lines.find((l) => l.msg === 'warden serving')!.port as number;
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { status: string; jobs: Array<{ job: string; status: string }> };
      expect(body.status).toBe('ok');
      expect(body.jobs.map((j) => j.job).sort()).toEqual(['discover', 'idle', 'runaway', 'spend']);
    } finally {
      w.proxy.clearRules();
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
