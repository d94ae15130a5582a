import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { forEachTarget } from '../aws/pool.ts';
import { describeAwsError, errorCode, isAccessDenied } from '../aws/errors.ts';
import { AwsCallError, WardenError } from '../core/errors.ts';
import type { AccountRow } from '../db/repos/accounts.ts';
import type { JobContext } from './types.ts';

/**
 * Proves the member role can be assumed in each sandbox (AssumeRole, then GetCallerIdentity with the new credentials
 * must report the member account). A failure is recorded against that account; the others go on.
 */
export async function verifyMemberAccess(ctx: JobContext, accounts: AccountRow[]): Promise<{ ok: number; failed: number }> {
  const now = () => ctx.clock.now().toISOString();
  let failed = 0;
  ctx.progress.start(accounts.length, 'checking member role access');
  const results = await forEachTarget(
    accounts.map((a) => ({ accountId: a.id, region: null })),
    ctx.config.aws.concurrency,
    async ({ accountId }) => {
      const sts = ctx.session.member(accountId, 'sts', ctx.config.aws.managementRegion);
      const who = await sts.send(new GetCallerIdentityCommand({})).catch((err: unknown) => {
        // An AssumeRole failure already names itself; anything else is said to come from this call.
        if (err instanceof WardenError) throw err;
        throw new AwsCallError(`sts:GetCallerIdentity as the member role: ${describeAwsError(err)}`, { service: 'sts', operation: 'GetCallerIdentity', accountId, code: errorCode(err) }, { cause: err });
      });
      if (who.Account !== accountId) throw new Error(`assumed role reports account ${who.Account ?? 'none'}, expected ${accountId}`);
      ctx.repos.accounts.recordAccess(accountId, 'ok', null, now());
      ctx.progress.tick(accountId);
    },
    (e) => {
      failed++;
      const denied = isAccessDenied(e.cause) || isAccessDenied((e.cause as { cause?: unknown }).cause);
      ctx.repos.accounts.recordAccess(e.accountId, denied ? 'denied' : 'error', e.message, now());
      ctx.recordError(e.accountId, null, e.message);
      ctx.progress.tick(e.accountId);
    },
  );
  ctx.progress.done();
  return { ok: results.length, failed };
}
