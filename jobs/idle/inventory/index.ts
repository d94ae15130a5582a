import type { AwsSession } from '../../../aws/clients.ts';
import { describeAwsError } from '../../../aws/errors.ts';
import { resourceKey } from '../arn.ts';
import type { ResourceType } from '../types.ts';
import { fetchEc2 } from './ec2.ts';
import { fetchElbv2 } from './elbv2.ts';
import { fetchLambda } from './lambda.ts';
import { fetchLogs } from './logs.ts';
import { fetchTagged, type TaggedIndex } from './tagging.ts';
import type { Fetched, FetchTarget, ServiceFetch } from './types.ts';

export interface Inventory {
  resources: Fetched[];
  /** Types whose listing succeeded: only their resources may be marked gone and their findings closed. */
  sweptTypes: ResourceType[];
  ignored: Record<string, number>;
  vanished: number;
  malformedTags: string[];
  /** One line per service that could not be listed (access denied, throttled, …). */
  serviceErrors: string[];
}

const FETCHERS: Array<[string, (s: AwsSession, t: FetchTarget) => Promise<ServiceFetch>]> = [
  ['ec2', fetchEc2], ['elbv2', fetchElbv2], ['lambda', fetchLambda], ['logs', fetchLogs],
];

/** Merges service listings with tagging-API tags (the service's own tags win) and counts what the tagging API saw but the services no longer have. */
export function mergeInventory(tagged: TaggedIndex, fetched: Array<ServiceFetch | { error: string }>): Inventory {
  const inv: Inventory = { resources: [], sweptTypes: [], ignored: { ...tagged.ignored }, vanished: 0, malformedTags: [...tagged.malformedTags], serviceErrors: [] };
  const listed = new Set<string>();
  for (const f of fetched) {
    if ('error' in f) {
      inv.serviceErrors.push(f.error);
      continue;
    }
    inv.sweptTypes.push(...f.types);
    inv.vanished += f.vanished;
    inv.malformedTags.push(...f.malformedTags);
    for (const r of f.resources) {
      const key = resourceKey(r.type, r.id);
      listed.add(key);
      const t = tagged.tags.get(key);
      inv.resources.push(t ? ({ ...r, tags: { ...t.tags, ...r.tags } } as Fetched) : r);
    }
  }
  const swept = new Set<string>(inv.sweptTypes);
  for (const [key, t] of tagged.tags) if (swept.has(t.type) && !listed.has(key)) inv.vanished++;
  return inv;
}

/** Tagging API first (a failure there fails the target: owners and expiry need tags), then each service on its own. */
export async function fetchInventory(session: AwsSession, t: FetchTarget): Promise<Inventory> {
  const tagged = await fetchTagged(session, t);
  const fetched = await Promise.all(FETCHERS.map(async ([name, fetch]) => {
    try {
      return await fetch(session, t);
    } catch (err) {
      return { error: `${name}: ${describeAwsError(err)}` };
    }
  }));
  return mergeInventory(tagged, fetched);
}
