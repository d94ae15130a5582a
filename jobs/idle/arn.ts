import { RESOURCE_TYPES, type ResourceType } from './types.ts';

export interface ParsedArn {
  service: string;
  region: string;
  accountId: string;
  /** 'service:type' as the tagging API names it, e.g. 'ec2:volume', 's3:bucket'. */
  type: string;
  /** The service's own id for the resource (vol-…, a function name, a log group name, the whole ARN for ELB). */
  id: string;
}

const KNOWN = new Set<string>(RESOURCE_TYPES);

export function isKnownType(type: string): type is ResourceType {
  return KNOWN.has(type);
}

/** Parses the ARN forms the tagging API returns; undefined for anything that is not an ARN. */
export function parseArn(arn: string): ParsedArn | undefined {
  const m = /^arn:aws[a-z-]*:([^:]+):([^:]*):(\d*):(.+)$/.exec(arn);
  if (!m) return undefined;
  const [, service, region, accountId, rest] = m as unknown as [string, string, string, string, string];
  if (service === 'lambda' || service === 'logs') {
    const [kind, ...name] = rest.split(':');
    const id = (name[0] ?? '').replace(/:\*$/, '');
    return { service, region, accountId, type: `${service}:${kind}`, id: service === 'logs' ? name.join(':').replace(/:\*$/, '') : id };
  }
  const slash = rest.indexOf('/');
  // Without '/' or ':' the resource part is a bare name (sqs queues, s3 buckets, sns topics): the type is the service's.
  const kind = slash < 0 ? (rest.includes(':') ? rest.split(':')[0]! : '') : rest.slice(0, slash);
  if (!kind) return { service, region, accountId, type: service, id: rest };
  const id = service === 'elasticloadbalancing' ? arn : slash < 0 ? rest : rest.slice(slash + 1);
  return { service, region, accountId, type: `${service}:${kind}`, id };
}

/** A key that matches a tagging-API ARN to a Describe result whatever ARN form either side uses. */
export function resourceKey(type: string, id: string): string {
  return `${type}|${id}`;
}

export function ec2Arn(region: string, accountId: string, kind: string, id: string): string {
  return `arn:aws:ec2:${region}:${accountId}:${kind}/${id}`;
}
