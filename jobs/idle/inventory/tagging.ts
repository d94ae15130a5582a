import { paginateGetResources } from '@aws-sdk/client-resource-groups-tagging-api';
import type { AwsSession } from '../../../aws/clients.ts';
import { describeAwsError, errorCode } from '../../../aws/errors.ts';
import { AwsCallError } from '../../../core/errors.ts';
import { isKnownType, parseArn, resourceKey } from '../arn.ts';
import { normalizeTags } from '../tags.ts';
import { collect, type FetchTarget } from './types.ts';

export interface TaggedIndex {
  /** Tags by resourceKey(type, id), for known resource types only. */
  tags: Map<string, { arn: string; type: string; tags: Record<string, string> }>;
  /** Resources of types Warden does not inventory, by type: ignored, only counted. */
  ignored: Record<string, number>;
  malformedTags: string[];
}

/** Folds GetResources pages into one index; the same ARN can come back more than once (the emulator repeats it per account). */
export function indexTagged(mappings: Array<{ ResourceARN?: string; Tags?: unknown }>): TaggedIndex {
  const seen = new Set<string>();
  const index: TaggedIndex = { tags: new Map(), ignored: {}, malformedTags: [] };
  for (const m of mappings) {
    const arn = m.ResourceARN;
    if (!arn || seen.has(arn)) continue;
    seen.add(arn);
    const parsed = parseArn(arn);
    const type = parsed?.type ?? 'unparseable-arn';
    if (!parsed || !isKnownType(type)) {
      index.ignored[type] = (index.ignored[type] ?? 0) + 1;
      continue;
    }
    const n = normalizeTags(m.Tags);
    index.malformedTags.push(...n.malformed.map((x) => `${arn}: ${x}`));
    index.tags.set(resourceKey(type, parsed.id), { arn, type, tags: n.tags });
  }
  return index;
}

export async function fetchTagged(session: AwsSession, t: FetchTarget): Promise<TaggedIndex> {
  const client = session.member(t.accountId, 'tagging', t.region);
  const pages = await collect(paginateGetResources({ client, pageSize: 100 }, {})).catch((err: unknown) => {
    // Said like the per-service failures ("ec2: throttled after retries …"), not as the SDK's bare message.
    throw new AwsCallError(`tagging: ${describeAwsError(err)}`, { service: 'tagging', operation: 'GetResources', accountId: t.accountId, region: t.region, code: errorCode(err) }, { cause: err });
  });
  return indexTagged(pages.flatMap((p) => p.ResourceTagMappingList ?? []));
}
