import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { createRequire } from 'node:module';
import { STSClient, AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { Config } from '../config/load.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import { AwsCallError, BadResponseError } from '../core/errors.ts';
import { ApiMeter } from './meter.ts';
import { describeAwsError, errorCode, isMalformedResponse } from './errors.ts';

// The SDK packages are CommonJS (no "exports" map): require() and the jobs' `import { XCommand }` share one instance.
const sdk = createRequire(import.meta.url) as <M>(pkg: string) => M;

/**
 * Every SDK client Warden uses, by the short service name that appears in "service:Operation" counts. A package is
 * loaded when its first client is built: the EC2 client alone adds ~100 MB of RSS, which `warden run runaway` or
 * `run spend` never need (bench/scale.ts measures it).
 */
const CLIENTS = {
  organizations: () => sdk<typeof import('@aws-sdk/client-organizations')>('@aws-sdk/client-organizations').OrganizationsClient,
  ce: () => sdk<typeof import('@aws-sdk/client-cost-explorer')>('@aws-sdk/client-cost-explorer').CostExplorerClient,
  sts: () => sdk<typeof import('@aws-sdk/client-sts')>('@aws-sdk/client-sts').STSClient,
  lambda: () => sdk<typeof import('@aws-sdk/client-lambda')>('@aws-sdk/client-lambda').LambdaClient,
  cloudwatch: () => sdk<typeof import('@aws-sdk/client-cloudwatch')>('@aws-sdk/client-cloudwatch').CloudWatchClient,
  ec2: () => sdk<typeof import('@aws-sdk/client-ec2')>('@aws-sdk/client-ec2').EC2Client,
  elbv2: () => sdk<typeof import('@aws-sdk/client-elastic-load-balancing-v2')>('@aws-sdk/client-elastic-load-balancing-v2').ElasticLoadBalancingV2Client,
  logs: () => sdk<typeof import('@aws-sdk/client-cloudwatch-logs')>('@aws-sdk/client-cloudwatch-logs').CloudWatchLogsClient,
  tagging: () => sdk<typeof import('@aws-sdk/client-resource-groups-tagging-api')>('@aws-sdk/client-resource-groups-tagging-api').ResourceGroupsTaggingAPIClient,
  sesv2: () => sdk<typeof import('@aws-sdk/client-sesv2')>('@aws-sdk/client-sesv2').SESv2Client,
} as const;

export type ServiceName = keyof typeof CLIENTS;
export type ClientOf<S extends ServiceName> = InstanceType<ReturnType<(typeof CLIENTS)[S]>>;

/** Refresh assumed-role credentials this long before they expire. */
const REFRESH_MARGIN_MS = 5 * 60_000;
const ROLE_SESSION_SECONDS = 3600;
/** Clients one session keeps: far above what `aws.concurrency` targets in flight use (a few services each). */
const MAX_CACHED_CLIENTS = 256;

export interface AwsLayerOptions {
  config: Config;
  logger: Logger;
  clock: Clock;
  /** Management credentials; defaults to the standard Node provider chain (env, profile, SSO, container/instance role). */
  credentials?: AwsCredentialIdentityProvider;
}

/** Clients created for one job run; every call they make is counted into the run's meter. */
export interface AwsSession {
  readonly meter: ApiMeter;
  management<S extends ServiceName>(service: S, region?: string): ClientOf<S>;
  member<S extends ServiceName>(accountId: string, service: S, region: string): ClientOf<S>;
  memberRoleArn(accountId: string): string;
}

export interface AwsLayer {
  session(meter?: ApiMeter): AwsSession;
  /** Forget cached credentials (e.g. after the emulator was reset). */
  clearCredentialCache(): void;
  destroy(): void;
}

export function createAwsLayer(opts: AwsLayerOptions): AwsLayer {
  const { config, logger, clock } = opts;
  const agentOpts = { keepAlive: true, maxSockets: config.aws.maxSockets };
  const requestHandler = new NodeHttpHandler({
    httpAgent: new HttpAgent(agentOpts),
    httpsAgent: new HttpsAgent(agentOpts),
    requestTimeout: config.aws.requestTimeoutMs,
    // Without this the handler only logs a warning when requestTimeout passes and a hung endpoint stalls the job forever.
    throwOnRequestTimeout: true,
    connectionTimeout: Math.min(10_000, config.aws.requestTimeoutMs),
  });
  const managementCredentials = opts.credentials ?? fromNodeProviderChain();
  const credentialCache = new Map<string, Promise<AwsCredentialIdentity>>();
  let stsForAssume: STSClient | undefined;

  function build<S extends ServiceName>(service: S, region: string, credentials: AwsCredentialIdentityProvider, meter: ApiMeter | undefined): ClientOf<S> {
    const Ctor = CLIENTS[service]() as unknown as new (c: object) => ClientOf<S>;
    const client = new Ctor({ region, credentials, requestHandler, maxAttempts: config.aws.maxAttempts, retryMode: config.aws.retryMode, logger: undefined });
    const stack = (client as { middlewareStack: { add: (mw: unknown, o: object) => void } }).middlewareStack;
    // A body the SDK cannot parse (truncated, not JSON/XML) surfaces as a bare SyntaxError: name the call instead.
    stack.add(
      (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
        try {
          return await next(args);
        } catch (err) {
          if (!isMalformedResponse(err)) throw err;
          const op = `${service}:${(context.commandName ?? 'Unknown').replace(/Command$/, '')}`;
          throw new BadResponseError(`${op} returned a malformed response: ${(err as Error).message.split('\n')[0]}`, { cause: err });
        }
      },
      { step: 'initialize', name: 'wardenMalformedResponse' },
    );
    if (meter) {
      (client as { middlewareStack: { add: (mw: unknown, o: object) => void } }).middlewareStack.add(
        (next: (a: { input: unknown }) => Promise<unknown>, context: { commandName?: string }) => async (args: { input: unknown }) => {
          meter.record(service, (context.commandName ?? 'Unknown').replace(/Command$/, ''), args.input);
          return next(args);
        },
        { step: 'initialize', name: 'wardenApiMeter' },
      );
    }
    return client;
  }

  function roleArn(accountId: string): string {
    return `arn:aws:iam::${accountId}:role/${config.organization.memberRoleName}`;
  }

  async function assume(accountId: string, meter: ApiMeter): Promise<AwsCredentialIdentity> {
    stsForAssume ??= build('sts', config.aws.managementRegion, managementCredentials, undefined);
    meter.record('sts', 'AssumeRole', {});
    try {
      const out = await stsForAssume.send(new AssumeRoleCommand({
        RoleArn: roleArn(accountId), RoleSessionName: 'sandbox-warden', DurationSeconds: ROLE_SESSION_SECONDS,
        ...(config.organization.externalId ? { ExternalId: config.organization.externalId } : {}),
      }));
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('AssumeRole returned no credentials');
      logger.debug({ accountId }, 'assumed member role');
      return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration ?? new Date(clock.now().getTime() + ROLE_SESSION_SECONDS * 1000) };
    } catch (err) {
      throw new AwsCallError(`cannot assume ${roleArn(accountId)}: ${describeAwsError(err)}`, { service: 'sts', operation: 'AssumeRole', accountId, code: errorCode(err) }, { cause: err });
    }
  }

  /** Member credentials cached across runs until shortly before expiry; a failed assume is not cached. */
  function memberCredentials(accountId: string, meter: ApiMeter): AwsCredentialIdentityProvider {
    return async () => {
      const cached = credentialCache.get(accountId);
      if (cached) {
        const creds = await cached.catch(() => undefined);
        if (creds && (!creds.expiration || creds.expiration.getTime() - clock.now().getTime() > REFRESH_MARGIN_MS)) return creds;
      }
      const fresh = assume(accountId, meter);
      credentialCache.set(accountId, fresh);
      fresh.catch(() => credentialCache.delete(accountId));
      return fresh;
    };
  }

  return {
    session(meter = new ApiMeter()): AwsSession {
      // Least recently used first. A client costs ~40 KB even idle and a sweep touches every account-region once, so
      // an unbounded cache grows with the organization (~6,000 clients, +300 MB, in the first sweep of 1,000 accounts);
      // a dropped client is not destroyed (the socket pool is shared) and one still in use goes on working.
      const clients = new Map<string, unknown>();
      const cached = <S extends ServiceName>(key: string, make: () => ClientOf<S>): ClientOf<S> => {
        let c = clients.get(key) as ClientOf<S> | undefined;
        if (c) clients.delete(key);
        else c = make();
        clients.set(key, c);
        if (clients.size > MAX_CACHED_CLIENTS) clients.delete(clients.keys().next().value!);
        return c;
      };
      return {
        meter,
        management: (service, region = config.aws.managementRegion) =>
          cached(`mgmt|${service}|${region}`, () => build(service, region, managementCredentials, meter)),
        member: (accountId, service, region) =>
          cached(`${accountId}|${service}|${region}`, () => build(service, region, memberCredentials(accountId, meter), meter)),
        memberRoleArn: roleArn,
      };
    },
    clearCredentialCache: () => credentialCache.clear(),
    destroy: () => requestHandler.destroy(),
  };
}
