import { TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-lambda';
import type { ClientOf } from '../../aws/clients.ts';
import { isNotFound } from '../../aws/errors.ts';

/** Tags Warden puts on a function it throttles, so the previous state survives losing the database. */
export const TAG_PREVIOUS = 'warden:previous-concurrency';
export const TAG_AT = 'warden:throttled-at';
export const TAG_DETECTOR = 'warden:detector';
export const WARDEN_TAGS = [TAG_PREVIOUS, TAG_AT, TAG_DETECTOR];

export function throttleTags(previous: number | null, at: string, detector: string): Record<string, string> {
  return { [TAG_PREVIOUS]: previous === null ? 'none' : String(previous), [TAG_AT]: at, [TAG_DETECTOR]: detector };
}

/** The previous reserved concurrency recorded in the tags: null = none; undefined = no (or an unreadable) Warden tag. */
export function previousFromTags(tags: Record<string, string> | undefined): number | null | undefined {
  const v = tags?.[TAG_PREVIOUS];
  if (v === undefined) return undefined;
  if (v === 'none') return null;
  return /^\d{1,5}$/.test(v) ? Number(v) : undefined;
}

export async function writeThrottleTags(lambda: ClientOf<'lambda'>, arn: string, tags: Record<string, string>): Promise<void> {
  await lambda.send(new TagResourceCommand({ Resource: arn, Tags: tags }));
}

/** Removes Warden's tags; a function that no longer exists has none to remove. */
export async function removeThrottleTags(lambda: ClientOf<'lambda'>, arn: string): Promise<void> {
  try {
    await lambda.send(new UntagResourceCommand({ Resource: arn, TagKeys: WARDEN_TAGS }));
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/** arn:aws:lambda:<region>:<account>:function:<name>[:qualifier] → its parts (qualifier dropped), or null. */
export function parseFunctionArn(arn: string): { arn: string; region: string; accountId: string; name: string } | null {
  const m = /^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]{1,140})(:[\w$-]+)?$/.exec(arn.trim());
  if (!m) return null;
  return { arn: `arn:${m[1]}:lambda:${m[2]}:${m[3]}:function:${m[4]}`, region: m[2]!, accountId: m[3]!, name: m[4]! };
}
