import { discoverSandboxes } from './discovery.ts';
import { verifyMemberAccess } from './access.ts';
import type { Job, JobContext } from './types.ts';

export const MANAGEMENT_ACCOUNT_KEY = 'organization.managementAccountId';
export const DISCOVERED_AT_KEY = 'organization.discoveredAt';

/** Runs discovery and records it; other jobs call this when the cached account list is stale. */
export async function refreshAccounts(ctx: JobContext) {
  const { config, repos, clock } = ctx;
  const result = await discoverSandboxes(ctx.session, config.organization.sandboxOus, config.organization.excludeAccounts);
  const now = clock.now().toISOString();
  const recorded = repos.accounts.recordDiscovery(result.accounts, now);
  repos.meta.set(MANAGEMENT_ACCOUNT_KEY, result.managementAccountId, now);
  repos.meta.set(DISCOVERED_AT_KEY, now, now);
  ctx.log.info({ accounts: result.accounts.length, added: recorded.added, left: recorded.left.length, ...result.skipped }, 'organization discovered');
  return { ...result, ...recorded };
}

/** The cached account list, refreshed first when older than organization.accountCacheMinutes. */
export async function ensureAccounts(ctx: JobContext): Promise<void> {
  const at = ctx.repos.meta.get(DISCOVERED_AT_KEY);
  const maxAgeMs = ctx.config.organization.accountCacheMinutes * 60_000;
  if (!at || ctx.clock.now().getTime() - Date.parse(at) > maxAgeMs) await refreshAccounts(ctx);
}

/** Active sandboxes Warden may touch: never the management account, never an excluded one. */
export function sandboxAccounts(ctx: JobContext) {
  const management = ctx.repos.meta.get(MANAGEMENT_ACCOUNT_KEY);
  const excluded = new Set(ctx.config.organization.excludeAccounts);
  return ctx.repos.accounts.listActiveSandboxes().filter((a) => a.id !== management && !excluded.has(a.id));
}

/** Every (account, region) pair a per-account job sweeps. */
export function sandboxTargets(ctx: JobContext) {
  return sandboxAccounts(ctx).flatMap((account) => ctx.config.regions.map((region) => ({ accountId: account.id, region, account })));
}

export const discoverJob: Job = {
  id: 'discover',
  description: 'Find every sandbox account under the configured OUs (nested OUs included) and record it.',
  async run(ctx) {
    ctx.progress.start(ctx.config.organization.sandboxOus.length, 'walking sandbox OUs');
    const r = await refreshAccounts(ctx);
    ctx.progress.done();
    const access = ctx.config.organization.verifyAccess ? await verifyMemberAccess(ctx, sandboxAccounts(ctx)) : null;
    return {
      access,
      managementAccountId: r.managementAccountId,
      accounts: r.accounts.map((a) => ({ id: a.id, name: a.name, email: a.email, status: a.status, ouPath: a.ouPath })),
      added: r.added,
      left: r.left,
      skipped: r.skipped,
    };
  },
};
