// `npm run demo` as a newcomer runs it (through scripts/demo.sh), in its fast mode: the runaway loop must be throttled
// (seen through the API with the demo's token), and Ctrl-C must stop everything the demo started.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { launch, logIn, openTab, visit } from './browser.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function pids(pattern: string): Promise<string[]> {
  return new Promise((resolve) => {
    const p = spawn('pgrep', ['-f', pattern]);
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('close', () => resolve(out.split('\n').filter(Boolean)));
  });
}

describe('the demo', () => {
  it('shows the runaway throttled through the API, then stops cleanly on Ctrl-C', async () => {
    const out = mkdtempSync(join(tmpdir(), 'warden-demo-'));
    const child = spawn('bash', ['scripts/demo.sh', '--port', '0', '--fast', '--out', out], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const lineMatching = (re: RegExp, timeoutMs: number) => new Promise<RegExpMatchArray>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`demo printed no ${re} within ${timeoutMs} ms:\n${stdout}`)), timeoutMs);
      const check = () => {
        const m = re.exec(stdout);
        if (m) {
          clearTimeout(timer);
          child.stdout.off('data', check);
          resolve(m);
        }
      };
      child.stdout.on('data', check);
      check();
    });
    try {
      const url = (await lineMatching(/dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/, 240_000))[1]!;
      const token = (await lineMatching(/API token \(read-only\): (\S+)/, 5_000))[1]!;
      const arn = (await lineMatching(/runaway loop: (arn:aws:lambda:\S+)/, 5_000))[1]!;
      let throttled: Array<{ functionArn: string; previousConcurrency: number | null }> = [];
      const deadline = Date.now() + 150_000;
      while (Date.now() < deadline) {
        const res = await fetch(`${url}api/throttled`, { headers: { authorization: `Bearer ${token}` } });
        expect(res.status).toBe(200);
        throttled = ((await res.json()) as { functions: typeof throttled }).functions;
        if (throttled.length) break;
        await new Promise((r) => setTimeout(r, 2000)); // a real daemon on real time: poll the API
      }
      expect(throttled.map((f) => f.functionArn)).toEqual([arn]);
      expect(readdirSync(join(out, 'mail')).some((f) => f.includes('Runaway'))).toBe(true);
      // what a newcomer sees: the dashboard filled by the demo, and the runaway on the kill-switch page
      const browser = await launch();
      try {
        const tab = await openTab(browser, url);
        const login = /login: (\S+) \/ (\S+)/.exec(stdout)!;
        await logIn(tab, login[1]!, login[2]!);
        await tab.shot('demo-overview');
        await visit(tab, '#/kill-switch');
        await tab.page.getByText('sim-image-resizer').first().waitFor();
        await tab.shot('demo-kill-switch');
        expect(tab.errors).toEqual([]);
      } finally {
        await browser.close();
      }
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(await pids(out)).toEqual([]); // no warden process (its command line names the demo's config under `out`)
    const moto = /AWS emulator \(moto\) on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)![1]!;
    await expect(fetch(`${moto}/moto-api/`)).rejects.toThrow(); // the emulator is gone too
  }, 400_000);
});
