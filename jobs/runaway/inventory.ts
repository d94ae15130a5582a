import {
  GetFunctionEventInvokeConfigCommand, GetPolicyCommand, paginateListEventSourceMappings, paginateListFunctions, type FunctionConfiguration,
} from '@aws-sdk/client-lambda';
import { paginateGetResources } from '@aws-sdk/client-resource-groups-tagging-api';
import pLimit from 'p-limit';
import type { AwsSession } from '../../aws/clients.ts';
import { isNotFound } from '../../aws/errors.ts';
import type { FunctionInput } from '../../db/repos/runawayInventory.ts';
import type { ConfigRef, EventSource } from './detectors/types.ts';
import { architectureOf } from './prices.ts';

/** Lambda's control plane shares ~15 requests/s per account-region with the developer's own deployments: stay well below. */
const PER_ACCOUNT_CONCURRENCY = 3;

async function all<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const p of pages) out.push(p);
  return out;
}

async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

/** Source ARNs granted lambda:InvokeFunction in the function's resource policy (S3 buckets, SNS topics, EventBridge rules). */
export function permissionSources(policy: string | undefined): string[] {
  if (!policy) return [];
  let doc: { Statement?: Array<{ Condition?: Record<string, Record<string, unknown>> }> };
  try {
    doc = JSON.parse(policy);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const s of doc.Statement ?? []) {
    for (const cond of Object.values(s.Condition ?? {})) {
      const v = cond['AWS:SourceArn'] ?? cond['aws:SourceArn'];
      for (const arn of Array.isArray(v) ? v : [v]) if (typeof arn === 'string' && arn.startsWith('arn:')) out.push(arn);
    }
  }
  return out;
}

function configRefs(f: FunctionConfiguration): ConfigRef[] {
  const refs: ConfigRef[] = Object.entries(f.Environment?.Variables ?? {}).map(([k, v]) => ({ where: `environment variable ${k}`, value: v }));
  if (f.DeadLetterConfig?.TargetArn) refs.push({ where: 'dead-letter config', value: f.DeadLetterConfig.TargetArn });
  return refs;
}

/** Lists every function of one account-region with what the topology detector needs. */
export async function listInventory(session: AwsSession, accountId: string, region: string): Promise<FunctionInput[]> {
  const lambda = session.member(accountId, 'lambda', region);
  const tagging = session.member(accountId, 'tagging', region);
  const [fnPages, tagPages, esmPages] = await Promise.all([
    all(paginateListFunctions({ client: lambda, pageSize: 50 }, {})),
    all(paginateGetResources({ client: tagging, pageSize: 100 }, { ResourceTypeFilters: ['lambda:function'] })),
    all(paginateListEventSourceMappings({ client: lambda, pageSize: 100 }, {})),
  ]);
  // The tagging API can list a resource more than once (the emulator does): keep one entry per ARN.
  const tags = new Map<string, Record<string, string>>();
  for (const m of tagPages.flatMap((p) => p.ResourceTagMappingList ?? [])) {
    if (m.ResourceARN) tags.set(m.ResourceARN, Object.fromEntries((m.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? ''])));
  }
  const sources = new Map<string, EventSource[]>();
  const esmRefs = new Map<string, ConfigRef[]>();
  for (const m of esmPages.flatMap((p) => p.EventSourceMappings ?? [])) {
    if (!m.FunctionArn || !m.EventSourceArn) continue;
    const key = m.FunctionArn.split(':').slice(0, 7).join(':');
    sources.set(key, [...(sources.get(key) ?? []), { arn: m.EventSourceArn, via: 'event-source-mapping' }]);
    const onFailure = m.DestinationConfig?.OnFailure?.Destination;
    if (onFailure) esmRefs.set(key, [...(esmRefs.get(key) ?? []), { where: 'event source mapping on-failure destination', value: onFailure }]);
  }
  const limit = pLimit(PER_ACCOUNT_CONCURRENCY);
  const fns = fnPages.flatMap((p) => p.Functions ?? []).filter((f) => f.FunctionArn && f.FunctionName);
  return Promise.all(fns.map((f) => limit(async (): Promise<FunctionInput> => {
    const arn = f.FunctionArn!;
    const [policy, invokeConfig] = await Promise.all([
      orNull(lambda.send(new GetPolicyCommand({ FunctionName: arn }))),
      orNull(lambda.send(new GetFunctionEventInvokeConfigCommand({ FunctionName: arn }))),
    ]);
    const refs = [...configRefs(f), ...(esmRefs.get(arn) ?? [])];
    const dest = invokeConfig?.DestinationConfig;
    if (dest?.OnSuccess?.Destination) refs.push({ where: 'on-success destination', value: dest.OnSuccess.Destination });
    if (dest?.OnFailure?.Destination) refs.push({ where: 'on-failure destination', value: dest.OnFailure.Destination });
    return {
      arn, accountId, region, name: f.FunctionName!, memoryMb: f.MemorySize ?? 128, architecture: architectureOf(f.Architectures),
      tags: tags.get(arn) ?? {},
      sources: [...(sources.get(arn) ?? []), ...permissionSources(policy?.Policy).map((s) => ({ arn: s, via: 'permission' as const }))],
      refs,
    };
  })));
}
