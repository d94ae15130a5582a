// Shared pieces of the fault-injection scenarios (test/integration/faults-*.test.ts): a small organization in moto
// behind the fault proxy, Warden in-process with a ManualClock and a manager API token, the job runs as the dashboard
// serves them (GET /api/runs through buildApp + inject), and a tracker of unhandled rejections.
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../cli/bootstrap.ts';
import { ManualClock } from '../../core/clock.ts';
import { buildApp } from '../../server/app.ts';
import { newApiToken } from '../../server/auth/password.ts';
import { startFaultProxy, type FaultProxy } from './fault-proxy.ts';
import { startMoto, type Moto } from './moto.ts';
import { buildOrganization, type OrgSpec, type SimAccount, type SimOrg } from './org-simulator.ts';
import { inProcess, useEmulator, writeConfig } from './warden.ts';

/** Six active sandboxes, one suspended, one excluded, one production account: small enough to keep runs short. */
export const FAULTS_ORG: OrgSpec = {
  sandboxOuPath: 'Root/Sandboxes',
  ous: [
    {
      name: 'Sandboxes',
      accounts: [{ name: 'sandbox-shared', email: 'shared@example.com', excluded: true }],
      children: [
        { name: 'Team A', accounts: ['ana', 'bruno', 'chen'].map((n) => ({ name: `sandbox-${n}`, email: `${n}@example.com` })) },
        { name: 'Team B', accounts: [...['dara', 'emil', 'fay'].map((n) => ({ name: `sandbox-${n}`, email: `${n}@example.com` })), { name: 'sandbox-gone', email: 'gone@example.com', suspended: true }] },
      ],
    },
    { name: 'Production', accounts: [{ name: 'prod', email: 'prod@example.com' }] },
  ],
};

export interface World {
  moto: Moto;
  proxy: FaultProxy;
  org: SimOrg;
  /** Active, not excluded sandboxes: the accounts every job must cover. */
  sandboxes: SimAccount[];
  stop(): Promise<void>;
}

export async function startWorld(spec: OrgSpec = FAULTS_ORG): Promise<World> {
  const moto = await startMoto();
  const proxy = await startFaultProxy(moto.endpoint);
  const org = await buildOrganization(moto.endpoint, spec);
  const sandboxes = org.accounts.filter((a) => a.kind === 'sandbox' && a.status === 'ACTIVE' && !a.excluded);
  return {
    moto, proxy, org, sandboxes,
    async stop() {
      await proxy.stop();
      await moto.stop();
    },
  };
}

export interface Warden {
  rt: Runtime;
  clock: ManualClock;
  configPath: string;
  /** GET an API route as a manager (API token), through the real Fastify app. */
  api<T = Record<string, unknown>>(url: string): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/** Warden in-process against the proxy: the org's sandbox OU and exclusions, short retries, silent logs. */
export function startWarden(w: World, extra: Record<string, unknown> = {}, start = new Date('2026-03-18T09:00:00Z')): Warden {
  useEmulator(w.proxy.endpoint);
  const token = newApiToken();
  const { organization, aws, ...rest } = extra as { organization?: object; aws?: object };
  const { path } = writeConfig({
    organization: { sandboxOus: [w.org.sandboxOuId], excludeAccounts: w.org.accounts.filter((a) => a.excluded).map((a) => a.id), ...organization },
    regions: ['us-east-1'],
    aws: { maxAttempts: 3, concurrency: 4, ...aws },
    auth: { tokens: [{ name: 'faults', hash: token.hash }] },
    log: { level: 'silent' },
    ...rest,
  });
  const clock = new ManualClock(start);
  const rt = inProcess(path, { clock });
  let app: FastifyInstance | undefined;
  return {
    rt, clock, configPath: path,
    async api<T>(url: string) {
      app ??= await buildApp(rt);
      const res = await app.inject({ url, headers: { authorization: `Bearer ${token.token}` } });
      return { status: res.statusCode, body: res.json<T>() };
    },
    async close() {
      await app?.close();
      rt.close();
    },
  };
}

export interface ApiRun {
  id: number;
  job: string;
  status: string;
  error: string | null;
  errors: Array<{ accountId: string | null; region: string | null; message: string }>;
}

/** The newest run of `job` as GET /api/runs shows it. */
export async function lastRunViaApi(wd: Warden, job: string): Promise<ApiRun> {
  const res = await wd.api<{ runs: ApiRun[] }>(`/api/runs?job=${job}&limit=1`);
  if (res.status !== 200) throw new Error(`GET /api/runs: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.runs[0]!;
}

/** Collects unhandled rejections while installed; `stop()` removes the listener and returns what it saw. */
export function trackUnhandledRejections(): { seen: unknown[]; stop(): unknown[] } {
  const seen: unknown[] = [];
  const onRejection = (reason: unknown) => void seen.push(reason);
  process.on('unhandledRejection', onRejection);
  return {
    seen,
    stop() {
      process.removeListener('unhandledRejection', onRejection);
      return seen;
    },
  };
}

/** Error codes in each service's real shape (status, code) as AWS answers a throttled call. */
export const THROTTLE = {
  organizations: { kind: 'error', status: 400, code: 'TooManyRequestsException', message: 'AWS Organizations can\'t complete your request because another request is already in progress.' },
  sts: { kind: 'error', status: 400, code: 'Throttling', message: 'Rate exceeded' },
  ce: { kind: 'error', status: 400, code: 'ThrottlingException', message: 'Rate exceeded' },
  cloudwatch: { kind: 'error', status: 400, code: 'Throttling', message: 'Rate exceeded' },
  lambda: { kind: 'error', status: 429, code: 'TooManyRequestsException', message: 'Rate exceeded' },
  ec2: { kind: 'error', status: 503, code: 'RequestLimitExceeded', message: 'Request limit exceeded.' },
  tagging: { kind: 'error', status: 400, code: 'ThrottledException', message: 'Rate exceeded' },
} as const;

export const SERVER_ERROR = { kind: 'error', status: 500, code: 'InternalFailure', message: 'We encountered an internal error. Please try again.' } as const;
export const UNAVAILABLE = { kind: 'error', status: 503, code: 'ServiceUnavailable', message: 'Service is unavailable. Please try again later.' } as const;
export const DENIED = { kind: 'error', status: 403, code: 'AccessDenied', message: 'User is not authorized to perform this action' } as const;
