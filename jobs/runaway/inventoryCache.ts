import { errorMessage } from '../../core/errors.ts';
import type { FunctionInput } from '../../db/repos/runawayInventory.ts';
import type { JobContext } from '../types.ts';
import { listInventory } from './inventory.ts';
import { previousFromTags, TAG_AT, TAG_DETECTOR } from './tags.ts';

interface TargetRef {
  accountId: string;
  region: string;
}

export function shouldRefresh(ctx: JobContext, t: TargetRef, now: Date): boolean {
  const at = ctx.repos.runaway.inventory.refreshedAt(t.accountId, t.region);
  return !at || now.getTime() - Date.parse(at) >= ctx.config.runaway.inventoryRefreshMinutes * 60_000;
}

/**
 * Lists the functions again and stores them. A failure keeps the cached inventory for this sweep (recorded as an
 * error); with no cache at all the target fails.
 */
export async function refreshInventory(ctx: JobContext, t: TargetRef): Promise<boolean> {
  let fns: FunctionInput[];
  try {
    fns = await listInventory(ctx.session, t.accountId, t.region);
  } catch (err) {
    if (!ctx.repos.runaway.inventory.refreshedAt(t.accountId, t.region)) throw err;
    ctx.recordError(t.accountId, t.region, `function inventory not refreshed, using the cached one: ${errorMessage(err)}`);
    return false;
  }
  const now = ctx.clock.now().toISOString();
  ctx.repos.runaway.inventory.replace(t.accountId, t.region, fns, now);
  adoptFromTags(ctx, fns, now);
  return true;
}

/**
 * A function carrying Warden's throttle tags but unknown to the database (the database was lost or replaced):
 * record it as throttled with the previous concurrency from its tags, so restore stays exact.
 */
function adoptFromTags(ctx: JobContext, fns: FunctionInput[], now: string): void {
  for (const f of fns) {
    const previous = previousFromTags(f.tags);
    if (previous === undefined || ctx.repos.runaway.throttles.active(f.arn)) continue;
    ctx.repos.runaway.throttles.insertIntent({
      functionArn: f.arn, accountId: f.accountId, region: f.region, previousConcurrency: previous, detector: f.tags[TAG_DETECTOR] ?? 'unknown',
      reason: `found throttled by Warden (tagged ${f.tags[TAG_AT] ?? 'at an unknown time'}) with no record in the database`,
      burnNanoPerHour: 0n, evidence: { adoptedFromTags: f.tags }, alertId: null, runId: ctx.runId,
    }, now, 'throttled');
    ctx.log.warn({ functionArn: f.arn, previous }, 'adopted a throttled function from its tags');
  }
}
