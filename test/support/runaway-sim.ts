// Closed-loop Lambda simulator for the runaway tests and benchmark. It creates functions (with IAM roles) in member
// accounts through assumed-role credentials, and writes one minute of AWS/Lambda metrics per tick with simulated
// timestamps. A "runaway" doubles its invocations each minute while its reserved concurrency is not 0, and drops to 0
// with Throttles rising once it is: the loop closes through the real PutFunctionConcurrency Warden makes.
import { CloudWatchClient, PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import {
  CreateEventSourceMappingCommand, CreateFunctionCommand, DeleteFunctionCommand, GetFunctionConcurrencyCommand, LambdaClient, PutFunctionConcurrencyCommand,
} from '@aws-sdk/client-lambda';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import pLimit from 'p-limit';
import { memberClientConfig } from './org-simulator.ts';
import { LAMBDA_TRUST_POLICY } from './sim/credentials.ts';
import type { TestClientConfig } from './moto.ts';

export type Profile =
  | { kind: 'runaway'; start: number }
  | { kind: 'steady'; rate: number }
  | { kind: 'spike'; base: number; at: number; peak: number }
  | { kind: 'linear'; start: number; perMinute: number };

export interface SimFunctionSpec {
  key: string;
  accountId: string;
  region?: string;
  profile: Profile;
  memoryMb?: number;
  architecture?: 'x86_64' | 'arm64';
  durationMs?: number;
  tags?: Record<string, string>;
  reservedConcurrency?: number;
  /** An SQS queue that triggers the function and that its environment also names: a topology loop suspect. */
  sqsLoop?: boolean;
}

export interface SimFunction {
  spec: SimFunctionSpec;
  name: string;
  arn: string;
  region: string;
  /** Invocations written per simulated minute index (0 after the kill). */
  written: number[];
  throttles: number[];
}

// An empty zip: moto stores it and needs no Docker as long as nothing is invoked.
const EMPTY_ZIP = new Uint8Array([80, 75, 5, 6, ...new Array<number>(18).fill(0)]);

/** Invocations the workload would make in minute m (before any throttle). */
export function demand(p: Profile, m: number): number {
  switch (p.kind) {
    case 'runaway': return p.start * 2 ** m;
    case 'steady': return p.rate;
    case 'spike': return m === p.at ? p.peak : p.base;
    case 'linear': return p.start + p.perMinute * m;
  }
}

export class RunawaySim {
  readonly functions = new Map<string, SimFunction>();
  private readonly configs = new Map<string, TestClientConfig>();
  private readonly lambdas = new Map<string, LambdaClient>();
  private readonly cws = new Map<string, CloudWatchClient>();
  private minute = 0;

  constructor(private readonly endpoint: string, private readonly startMs: number) {}

  private async config(accountId: string, region: string): Promise<TestClientConfig> {
    const k = `${accountId}|${region}`;
    if (!this.configs.has(k)) this.configs.set(k, await memberClientConfig(this.endpoint, accountId, region));
    return this.configs.get(k)!;
  }

  private async lambda(accountId: string, region: string): Promise<LambdaClient> {
    const k = `${accountId}|${region}`;
    if (!this.lambdas.has(k)) this.lambdas.set(k, new LambdaClient(await this.config(accountId, region)));
    return this.lambdas.get(k)!;
  }

  private async cw(accountId: string, region: string): Promise<CloudWatchClient> {
    const k = `${accountId}|${region}`;
    // The SDK gzips PutMetricData bodies over 10 KB; the emulator cannot read them.
    if (!this.cws.has(k)) this.cws.set(k, new CloudWatchClient({ ...(await this.config(accountId, region)), disableRequestCompression: true }));
    return this.cws.get(k)!;
  }

  /** Creates every function (role first, in its account), with its tags, reservation and SQS loop. */
  async create(specs: SimFunctionSpec[], concurrency = 4): Promise<void> {
    const roles = new Map<string, Promise<string>>();
    const role = (accountId: string, region: string) => {
      if (!roles.has(accountId)) {
        roles.set(accountId, (async () => {
          const iam = new IAMClient(await this.config(accountId, region));
          const out = await iam.send(new CreateRoleCommand({ RoleName: 'sim-lambda-exec', AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY }));
          iam.destroy();
          return out.Role!.Arn!;
        })());
      }
      return roles.get(accountId)!;
    };
    const limit = pLimit(concurrency);
    await Promise.all(specs.map((spec) => limit(async () => {
      const region = spec.region ?? 'us-east-1';
      const lambda = await this.lambda(spec.accountId, region);
      const name = `sim-${spec.key}`;
      let env: Record<string, string> = {};
      let queueArn: string | undefined;
      if (spec.sqsLoop) {
        const sqs = new SQSClient(await this.config(spec.accountId, region));
        const q = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-queue` }));
        queueArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: q.QueueUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn;
        env = { OUTPUT_QUEUE_URL: q.QueueUrl! };
        sqs.destroy();
      }
      const created = await lambda.send(new CreateFunctionCommand({
        FunctionName: name, Runtime: 'nodejs20.x', Role: await role(spec.accountId, region), Handler: 'index.handler', Code: { ZipFile: EMPTY_ZIP },
        MemorySize: spec.memoryMb ?? 128, Architectures: [spec.architecture ?? 'x86_64'], Tags: spec.tags, Environment: { Variables: env },
      }));
      if (queueArn) await lambda.send(new CreateEventSourceMappingCommand({ FunctionName: name, EventSourceArn: queueArn }));
      if (spec.reservedConcurrency !== undefined) await lambda.send(new PutFunctionConcurrencyCommand({ FunctionName: name, ReservedConcurrentExecutions: spec.reservedConcurrency }));
      this.functions.set(spec.key, { spec, name, arn: created.FunctionArn!, region, written: [], throttles: [] });
    })));
  }

  fn(key: string): SimFunction {
    const f = this.functions.get(key);
    if (!f) throw new Error(`no simulated function ${key}`);
    return f;
  }

  async reservedConcurrency(key: string): Promise<number | undefined> {
    const f = this.fn(key);
    const lambda = await this.lambda(f.spec.accountId, f.region);
    return (await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: f.arn }))).ReservedConcurrentExecutions;
  }

  async deleteFunction(key: string): Promise<void> {
    const f = this.fn(key);
    await (await this.lambda(f.spec.accountId, f.region)).send(new DeleteFunctionCommand({ FunctionName: f.arn }));
  }

  /** Epoch ms of simulated minute m. */
  at(m: number): number {
    return this.startMs + m * 60_000;
  }

  /** The minute index of the next tick. */
  get current(): number {
    return this.minute;
  }

  /** Writes the next simulated minute of metrics for every function, reading each one's reserved concurrency first. */
  async tick(concurrency = 8): Promise<number> {
    const m = this.minute++;
    const byTarget = new Map<string, MetricDatum[]>();
    const limit = pLimit(concurrency);
    await Promise.all([...this.functions.values()].map((f) => limit(async () => {
      const want = demand(f.spec.profile, m);
      const killed = f.spec.profile.kind === 'runaway' && (await this.reservedConcurrency(f.spec.key).catch(() => undefined)) === 0;
      const inv = killed ? 0 : want;
      f.written[m] = inv;
      f.throttles[m] = killed ? want : 0;
      const dims = [{ Name: 'FunctionName', Value: f.name }];
      const ts = new Date(this.at(m));
      const dur = f.spec.durationMs ?? 100;
      const data: MetricDatum[] = [
        { MetricName: 'Invocations', Dimensions: dims, Timestamp: ts, Value: inv, Unit: 'Count' },
        { MetricName: 'Throttles', Dimensions: dims, Timestamp: ts, Value: f.throttles[m], Unit: 'Count' },
        { MetricName: 'Errors', Dimensions: dims, Timestamp: ts, Value: 0, Unit: 'Count' },
      ];
      if (inv > 0) {
        data.push({ MetricName: 'Duration', Dimensions: dims, Timestamp: ts, StatisticValues: { SampleCount: inv, Sum: inv * dur, Minimum: dur, Maximum: dur }, Unit: 'Milliseconds' });
        data.push({ MetricName: 'ConcurrentExecutions', Dimensions: dims, Timestamp: ts, Value: Math.ceil((inv * dur) / 60_000), Unit: 'Count' });
      }
      const k = `${f.spec.accountId}|${f.region}`;
      byTarget.set(k, [...(byTarget.get(k) ?? []), ...data]);
    })));
    await Promise.all([...byTarget.entries()].map(([k, data]) => limit(async () => {
      const [accountId, region] = k.split('|') as [string, string];
      const cw = await this.cw(accountId, region);
      for (let i = 0; i < data.length; i += 500) await cw.send(new PutMetricDataCommand({ Namespace: 'AWS/Lambda', MetricData: data.slice(i, i + 500) }));
    })));
    return m;
  }

  /** Writes raw points (bad input tests: gaps, negative, absurd values). */
  async putRaw(key: string, metric: string, m: number, value: number): Promise<void> {
    const f = this.fn(key);
    await (await this.cw(f.spec.accountId, f.region)).send(new PutMetricDataCommand({
      Namespace: 'AWS/Lambda', MetricData: [{ MetricName: metric, Dimensions: [{ Name: 'FunctionName', Value: f.name }], Timestamp: new Date(this.at(m)), Value: value }],
    }));
  }

  destroy(): void {
    for (const c of [...this.lambdas.values(), ...this.cws.values()]) c.destroy();
  }
}
