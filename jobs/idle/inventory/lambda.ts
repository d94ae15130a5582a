import { paginateListFunctions, paginateListProvisionedConcurrencyConfigs } from '@aws-sdk/client-lambda';
import pLimit from 'p-limit';
import type { AwsSession } from '../../../aws/clients.ts';
import { isNotFound } from '../../../aws/errors.ts';
import { collect, iso, type Fetched, type FetchTarget, type ServiceFetch } from './types.ts';

/**
 * Functions with their provisioned concurrency. AWS has no account-wide list of provisioned concurrency, so it is one
 * ListProvisionedConcurrencyConfigs per function, with few in flight (Lambda's control plane allows ~15 calls/s
 * per account and region, shared with the developer's own deployments).
 */
export async function fetchLambda(session: AwsSession, t: FetchTarget): Promise<ServiceFetch> {
  const lambda = session.member(t.accountId, 'lambda', t.region);
  const fns = (await collect(paginateListFunctions({ client: lambda, pageSize: 50 }, {}))).flatMap((p) => p.Functions ?? []);
  const limit = pLimit(t.detailConcurrency);
  let vanished = 0;
  const out: Fetched[] = [];
  await Promise.all(fns.map((f) => limit(async () => {
    if (!f.FunctionName || !f.FunctionArn) return;
    let provisioned: Array<{ qualifier: string; allocated: number }>;
    try {
      const pages = await collect(paginateListProvisionedConcurrencyConfigs({ client: lambda, pageSize: 50 }, { FunctionName: f.FunctionName }));
      provisioned = pages.flatMap((p) => p.ProvisionedConcurrencyConfigs ?? []).map((c) => ({
        qualifier: (c.FunctionArn ?? '').split(':').slice(7).join(':') || '$LATEST',
        allocated: c.AllocatedProvisionedConcurrentExecutions ?? c.RequestedProvisionedConcurrentExecutions ?? 0,
      })).filter((c) => c.allocated > 0);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      vanished++; // deleted between the listing and this call: nothing to judge
      return;
    }
    out.push({
      arn: f.FunctionArn.split(':').slice(0, 7).join(':'), accountId: t.accountId, region: t.region, id: f.FunctionName, type: 'lambda:function',
      name: f.FunctionName, tags: {}, state: provisioned.length ? 'provisioned' : 'on-demand',
      details: { name: f.FunctionName, runtime: f.Runtime ?? null, memoryMb: f.MemorySize ?? 128, architecture: f.Architectures?.[0] ?? 'x86_64', lastModified: iso(f.LastModified), provisioned },
    });
  })));
  return { types: ['lambda:function'], resources: out, vanished, malformedTags: [] };
}
