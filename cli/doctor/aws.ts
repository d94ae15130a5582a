import { DescribeOrganizationCommand } from '@aws-sdk/client-organizations';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { GetCostAndUsageCommand } from '@aws-sdk/client-cost-explorer';
import type { Config } from '../../config/load.ts';
import type { AwsSession } from '../../aws/clients.ts';
import { describeAwsError, errorCode, isAccessDenied, isUnreachable } from '../../aws/errors.ts';
import { forEachTarget } from '../../aws/pool.ts';
import { addDays, utcDay, type Clock } from '../../core/clock.ts';
import { ConfigError, errorMessage } from '../../core/errors.ts';
import { discoverSandboxes } from '../../jobs/discovery.ts';
import { result, type CheckResult } from './types.ts';

const MANAGEMENT_POLICY = 'deploy/iam/management-policy.json (or deploy/cloudformation/management-role.yaml)';

function awsFix(err: unknown, needs: string): string {
  if (isUnreachable(err)) return 'The AWS endpoint cannot be reached: check network access, proxies and AWS_ENDPOINT_URL.';
  if (isAccessDenied(err)) return `Allow ${needs} for the management credentials: ${MANAGEMENT_POLICY}.`;
  return `Check the management credentials and ${needs}.`;
}

export async function checkCredentials(session: AwsSession): Promise<CheckResult> {
  try {
    const who = await session.management('sts').send(new GetCallerIdentityCommand({}));
    return result('credentials', 'ok', `account ${who.Account}, as ${who.Arn}`);
  } catch (err) {
    return result('credentials', 'fail', describeAwsError(err), {
      fix: isUnreachable(err)
        ? 'The STS endpoint cannot be reached: check network access, proxies and AWS_ENDPOINT_URL.'
        : 'Give Warden management-account credentials: an instance profile or task role, or AWS_PROFILE naming a profile with role_arn (the role of deploy/cloudformation/management-role.yaml).',
    });
  }
}

export interface Sandbox {
  id: string;
  name: string;
}

/** DescribeOrganization, then the same OU walk the discover job does; returns the active sandboxes found. */
export async function checkOrganizations(session: AwsSession, config: Config): Promise<{ check: CheckResult; sandboxes?: Sandbox[] }> {
  const o = config.organization;
  try {
    const org = await session.management('organizations').send(new DescribeOrganizationCommand({}));
    const found = await discoverSandboxes(session, o.sandboxOus, o.excludeAccounts);
    const active = found.accounts.filter((a) => a.status === 'ACTIVE').map((a) => ({ id: a.id, name: a.name }));
    const inactive = found.accounts.length - active.length;
    const detail = `organization ${org.Organization?.Id}, management account ${found.managementAccountId}: ${active.length} active sandbox account(s) under ${o.sandboxOus.length} OU(s)`
      + (inactive ? `, ${inactive} suspended or closed` : '') + (found.skipped.excluded ? `, ${found.skipped.excluded} excluded` : '');
    return {
      sandboxes: active,
      check: active.length
        ? result('organizations', 'ok', detail)
        : result('organizations', 'warn', detail, { fix: 'No active account under organization.sandboxOus: check the OU ids (ou-xxxx-xxxxxxxx) in the configuration.' }),
    };
  } catch (err) {
    if (err instanceof ConfigError) return { check: result('organizations', 'fail', errorMessage(err), { fix: 'Correct organization.sandboxOus: list OU ids that exist (aws organizations list-organizational-units-for-parent).' }) };
    const notInOrg = errorCode(err) === 'AWSOrganizationsNotInUseException';
    return {
      check: result('organizations', 'fail', describeAwsError(err), {
        fix: notInOrg ? 'These credentials are not in an AWS Organization: use credentials of the organization\'s management account.' : awsFix(err, 'the Organizations read actions'),
      }),
    };
  }
}

/** Assumes the member role in every active sandbox and proves the identity with GetCallerIdentity. */
export async function checkMemberRole(session: AwsSession, config: Config, sandboxes: Sandbox[]): Promise<CheckResult> {
  const failures: NonNullable<CheckResult['failures']> = [];
  const name = new Map(sandboxes.map((s) => [s.id, s.name]));
  const targets = sandboxes.map((s) => ({ accountId: s.id, region: null }));
  const ok = await forEachTarget(targets, config.aws.concurrency, async ({ accountId }) => {
    const who = await session.member(accountId, 'sts', config.aws.managementRegion).send(new GetCallerIdentityCommand({}));
    if (who.Account !== accountId) throw new Error(`the assumed role reports account ${who.Account ?? 'none'}, expected ${accountId}`);
  }, (e) => failures.push({ id: e.accountId, name: name.get(e.accountId), message: e.message }));
  failures.sort((a, b) => a.id.localeCompare(b.id));
  const role = config.organization.memberRoleName;
  const detail = `role ${role} assumed in ${ok.length} of ${sandboxes.length} sandbox account(s)`;
  if (!failures.length) return result('memberRole', sandboxes.length ? 'ok' : 'skip', sandboxes.length ? detail : 'no sandbox account to check');
  return result('memberRole', 'fail', `${detail}; ${failures.length} failed`, {
    failures,
    fix: `Deploy the member role to those accounts (deploy/cloudformation/member-role.yaml as a StackSet on the sandbox OU), named ${role} (organization.memberRoleName), trusting the management role`
      + (config.organization.externalId ? ' with the same ExternalId as organization.externalId' : '') + '; the management role needs sts:AssumeRole on it.',
  });
}

/** One GetCostAndUsage request for yesterday (Cost Explorer bills $0.01 for it). */
export async function checkCostExplorer(session: AwsSession, config: Config, clock: Clock): Promise<CheckResult> {
  const today = utcDay(clock.now());
  try {
    const out = await session.management('ce').send(new GetCostAndUsageCommand({
      TimePeriod: { Start: addDays(today, -1), End: today }, Granularity: 'DAILY', Metrics: [config.spend.metric],
    }));
    return result('costExplorer', 'ok', `GetCostAndUsage answered (${out.ResultsByTime?.length ?? 0} day(s); this check costs $0.01)`);
  } catch (err) {
    const code = errorCode(err);
    return result('costExplorer', 'fail', describeAwsError(err), {
      fix: code === 'DataUnavailableException'
        ? 'Cost Explorer is not enabled yet or has no data: enable it in the Billing console of the management account (data appears within 24 hours).'
        : awsFix(err, 'ce:GetCostAndUsage (Cost Explorer answers only in the management account)'),
    });
  }
}
