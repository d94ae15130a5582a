// Runs `warden <args>` as its own process under /usr/bin/time: wall time, peak RSS (max resident set, of the Warden
// process only) and its --json report.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/warden.js', import.meta.url));

export interface Timed {
  ms: number;
  rssMb: number;
  report: Record<string, unknown>;
}

export function timedCli(args: string[], env: Record<string, string>): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'MAXRSS_KB=%M', process.execPath, BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const rss = Number(/MAXRSS_KB=(\d+)/.exec(err)?.[1] ?? 0) / 1024;
      if (code !== 0) reject(new Error(`warden ${args.join(' ')} exited ${code}: ${err.slice(-2000)}`));
      else resolve({ ms: performance.now() - t0, rssMb: rss, report: JSON.parse(out) as Record<string, unknown> });
    });
  });
}
