// One moto server (AWS emulator, server mode) per test FILE: start it in beforeAll, stop it in
// afterAll. Files run in parallel forks, so each owns its server and none resets another's state.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import getPort from 'get-port';

export const MOTO_SERVER_BIN = fileURLToPath(new URL('../../.venv-emulator/bin/moto_server', import.meta.url));

/** moto's default (management) account: fake credentials map to it. */
export const MOTO_DEFAULT_ACCOUNT_ID = '123456789012';

export const FAKE_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;

export interface Moto {
  /** e.g. 'http://127.0.0.1:50123' */
  endpoint: string;
  port: number;
  /** POST /moto-api/reset (drops every backend, incl. the organization and the CE queue), then re-applies the config. */
  reset(): Promise<void>;
  /** Queues canned GetCostAndUsage responses for `accountId` (the caller's account; default the management account). */
  seedCostAndUsage(results: object[], accountId?: string): Promise<void>;
  stop(): Promise<void>;
  /** The last lines moto printed (request log and tracebacks), for debugging a failing test. */
  output(): string;
}

const MOTO_CONFIG = { lambda: { use_docker: false } };
const START_TIMEOUT_MS = 20_000;

/** Env vars a subprocess (or an SDK client reading env) needs to talk to the emulator only. */
export function awsEnv(endpoint: string): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

export interface TestClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** Config for SDK v3 clients created by the test harness itself. */
export function testClientConfig(
  endpoint: string,
  region = 'us-east-1',
  credentials: TestClientConfig['credentials'] = { ...FAKE_CREDENTIALS },
): TestClientConfig {
  return { endpoint, region, credentials };
}

async function motoRequest(endpoint: string, path: string, method: string, body?: unknown): Promise<Response> {
  const init: RequestInit = { method, signal: AbortSignal.timeout(10_000) };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'content-type': 'application/json' };
  }
  return fetch(`${endpoint}${path}`, init);
}

async function expectStatus(res: Response, expected: number[], what: string): Promise<void> {
  if (!expected.includes(res.status)) {
    const text = await res.text().catch(() => '');
    throw new Error(`moto ${what}: HTTP ${res.status} (expected ${expected.join('/')}): ${text.slice(0, 500)}`);
  }
  await res.arrayBuffer();
}

async function applyConfig(endpoint: string): Promise<void> {
  await expectStatus(await motoRequest(endpoint, '/moto-api/config', 'POST', MOTO_CONFIG), [200, 201], 'config');
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * The moto process gets the parent's env WITHOUT any AWS_* variable: botocore inside moto reads
 * them too (observed: AWS_PROFILE='' makes moto answer every error as an HTML 500, because it
 * cannot load the profile while serializing the error).
 */
function emulatorEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PYTHONUNBUFFERED: '1' };
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_') && v !== undefined) env[k] = v;
  return env;
}

class MotoStartError extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
  }
}

async function launchOnce(port: number): Promise<{ child: ChildProcess; stderrTail: () => string }> {
  const child = spawn(MOTO_SERVER_BIN, ['-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: emulatorEnv(),
  });
  let tail = '';
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stderrTail = (): string => tail.trim().split('\n').slice(-40).join('\n');

  let exited = false;
  let spawnError: Error | undefined;
  child.once('exit', () => (exited = true));
  child.once('error', (err) => {
    spawnError = err;
    exited = true;
  });

  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited) {
      const why = spawnError ? spawnError.message : `exit code ${child.exitCode ?? child.signalCode}`;
      throw new MotoStartError(`moto_server on port ${port} died during start-up (${why}):\n${stderrTail()}`, stderrTail());
    }
    try {
      const res = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) return { child, stderrTail };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`moto_server on port ${port} did not answer within ${START_TIMEOUT_MS / 1000}s:\n${stderrTail()}`);
}

export async function startMoto(): Promise<Moto> {
  if (!existsSync(MOTO_SERVER_BIN)) {
    throw new Error(`${MOTO_SERVER_BIN} not found: run npm run setup:emulator`);
  }
  let launched: Awaited<ReturnType<typeof launchOnce>> | undefined;
  let port = 0;
  for (let attempt = 1; !launched; attempt++) {
    port = await getPort({ host: '127.0.0.1' });
    try {
      launched = await launchOnce(port);
    } catch (err) {
      // Another process may take the free port between get-port and moto's bind: retry on a new one.
      const portTaken = err instanceof MotoStartError && /address already in use/i.test(err.output);
      if (!portTaken || attempt >= 3) throw err;
    }
  }
  const { child, stderrTail } = launched;
  const endpoint = `http://127.0.0.1:${port}`;
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  await applyConfig(endpoint);

  return {
    endpoint,
    port,
    async reset() {
      await expectStatus(await motoRequest(endpoint, '/moto-api/reset', 'POST'), [200], 'reset');
      await applyConfig(endpoint);
    },
    async seedCostAndUsage(results, accountId = MOTO_DEFAULT_ACCOUNT_ID) {
      const res = await motoRequest(endpoint, '/moto-api/static/ce/cost-and-usage-results', 'POST', {
        results,
        account_id: accountId,
      });
      await expectStatus(res, [201], 'seed cost-and-usage');
    },
    output: stderrTail,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = waitForExit(child);
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
