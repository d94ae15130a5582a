// `npm run demo`: the AWS emulator, a simulated organization, a local mailbox and Warden with accelerated schedules.
// Flags: --port N (dashboard port, default 8080; 0 picks a free one), --fast (the runaway loop starts at once and
// simulated minutes pass every 2 s: for the demo test), --out DIR (default demo-output/). Ctrl-C stops everything it started.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, mkdirSync, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMoto, awsEnv, type Moto } from '../../test/support/moto.ts';
import { runCli } from '../../test/support/warden.ts';
import { startMailbox } from './mailbox.ts';
import { buildWorld } from './world.ts';
import * as demo from './config.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/warden.js');
const args = process.argv.slice(2);
const fast = args.includes('--fast');
const OUT = args.includes('--out') ? args[args.indexOf('--out') + 1]! : join(ROOT, 'demo-output');
const port = Number(args[args.indexOf('--port') + 1] ?? 8080) || (args.includes('--port') ? 0 : 8080);
const say = (line: string) => process.stdout.write(`[demo] ${line}\n`);

const cleanups: Array<() => Promise<unknown> | unknown> = [];
let stopping = false;
async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say('stopping…');
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
  }
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

function waitForServing(child: ChildProcess, log: NodeJS.WritableStream): Promise<number> {
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stderr!.on('data', (d: Buffer) => {
      log.write(d);
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const l of lines) {
        if (!l.startsWith('{')) continue;
        const e = JSON.parse(l) as Record<string, unknown>;
        if (e.msg === 'warden serving') resolve(e.port as number);
        if (e.msg === 'job finished' && e.status !== 'ok') say(`${e.job}: ${e.status}`);
        if (typeof e.msg === 'string' && /throttled|kill switch/i.test(e.msg)) say(`runaway: ${e.msg} ${e.functionArn ?? ''}`);
      }
    });
    child.once('exit', (code) => reject(new Error(`warden serve exited with ${code}; see ${OUT}/warden.log`)));
  });
}

async function main() {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  let endpoint = process.env.WARDEN_DEMO_AWS_ENDPOINT;
  let moto: Pick<Moto, 'seedCostAndUsage'>;
  if (endpoint) {
    const ep = endpoint;
    moto = { seedCostAndUsage: async (results, accountId = '123456789012') => void (await fetch(`${ep}/moto-api/static/ce/cost-and-usage-results`, { method: 'POST', body: JSON.stringify({ results, account_id: accountId }) })) };
  } else {
    const m = await startMoto();
    cleanups.push(() => m.stop());
    endpoint = m.endpoint;
    moto = m;
    say(`AWS emulator (moto) on ${endpoint}`);
  }
  let smtp = process.env.WARDEN_DEMO_SMTP;
  if (!smtp) {
    const box = await startMailbox(join(OUT, 'mail'), say);
    cleanups.push(() => box.stop());
    smtp = `127.0.0.1:${box.port}`;
    say(`local mailbox on ${smtp}: every mail is written to demo-output/mail/`);
  }
  const simStart = Math.floor(Date.now() / 60_000) * 60_000 + (fast ? -10 * 60_000 : 60_000);
  say('building the simulated organization (24 sandboxes, 13 weeks of spend, idle resources, Lambda traffic)…');
  const world = await buildWorld(endpoint, moto, simStart);
  const base = process.env.WARDEN_DEMO_CONFIG ? readFileSync(process.env.WARDEN_DEMO_CONFIG, 'utf8') : undefined;
  const { path, token, developer } = await demo.demoConfig({ out: OUT, org: world.org, smtp, port, fast, base });
  const env = { ...awsEnv(endpoint), WARDEN_DEMO_SECRET: 'demo-only-signing-key-not-for-production' };
  for (const job of ['discover', 'spend', 'idle']) {
    const r = await runCli(['--config', path, 'run', job, '--json'], env, 180_000);
    say(`${job}: ${r.code === 0 ? r.json<{ status: string }>().status : `failed (${r.stderr.trim().split('\n').pop()})`}`);
  }
  const log = createWriteStream(join(OUT, 'warden.log'));
  const serve = spawn(process.execPath, [BIN, '--config', path, 'serve'], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  cleanups.push(() => new Promise((r) => {
    if (serve.exitCode !== null) return r(undefined);
    serve.once('exit', r);
    serve.kill('SIGTERM');
  }));
  const listening = await waitForServing(serve, log);
  const url = `http://127.0.0.1:${listening}/`;
  say(`dashboard: ${url}`);
  say(`login: ${demo.DEMO_MANAGER} / ${demo.DEMO_PASSWORD}  (developer view: ${developer} / ${demo.DEMO_PASSWORD})`);
  say(`API token (read-only): ${token}`);
  if (process.env.WARDEN_DEMO_MAIL_UI) say(`mail: ${process.env.WARDEN_DEMO_MAIL_UI}`);
  say(`runaway loop: ${world.sim.fn('image-resizer').arn} (owner ${world.runawayOwner.email}) ${fast ? 'is running' : 'starts in about a minute'}`);
  say('Ctrl-C stops everything.');

  // Simulated Lambda traffic: one metric minute per real minute (fast: one every 2 s until it catches up with now).
  let busy = false;
  const timer = setInterval(async () => {
    if (busy || stopping) return;
    busy = true;
    try {
      if (Date.now() >= world.sim.at(world.sim.current)) {
        const m = await world.sim.tick();
        const f = world.sim.fn('image-resizer');
        say(`minute ${m}: image-resizer ${f.written[m] ? `${f.written[m]} invocations` : `throttled (${f.throttles[m]} attempts refused)`}`);
      }
    } catch (err) {
      say(`simulator: ${(err as Error).message}`);
    } finally {
      busy = false;
    }
  }, fast ? 2000 : 1000);
  cleanups.push(() => clearInterval(timer));
  cleanups.push(() => world.sim.destroy());
}

main().catch((err) => {
  say(`failed: ${(err as Error).stack ?? err}`);
  void stopAll(1);
});
