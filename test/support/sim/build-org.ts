// Builds an organization in moto through the real Organizations API, as an admin would.
//
// Observed on moto 5.2.5:
// - CreateOrganization makes 123456789012 the management account (name 'master',
//   email 'master@example.com'); ListAccounts includes it.
// - CreateAccount answers State SUCCEEDED at once with a random 12-digit id (AWS answers
//   IN_PROGRESS; we still poll DescribeCreateAccountStatus, which works against both).
//   New accounts are placed in the root; MoveAccount puts them in their OU.
// - CloseAccount sets both `Status` and `State` to 'SUSPENDED' immediately; the account stays
//   in ListAccounts / ListAccountsForParent / DescribeAccount. (AWS passes through
//   PENDING_CLOSURE first, and State becomes CLOSED after 90 days; moto skips both.)
//   Closing it again gives AccountAlreadyClosedException.
import {
  CloseAccountCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  DescribeAccountCommand,
  DescribeCreateAccountStatusCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import pLimit from 'p-limit';
import { testClientConfig } from '../moto.ts';
import { DEFAULT_ORG_SPEC } from './default-spec.ts';
import type { AccountSpec, AccountStatus, OrgSpec, OuSpec, SimAccount, SimOrg, SimOu } from './types.ts';

const CONCURRENCY = 4;

interface PlannedOu {
  spec: OuSpec;
  path: string;
  parentPath: string;
}

function planOus(ous: OuSpec[], parentPath: string, out: PlannedOu[][] = [], depth = 0): PlannedOu[][] {
  for (const spec of ous) {
    const path = `${parentPath}/${spec.name}`;
    (out[depth] ??= []).push({ spec, path, parentPath });
    planOus(spec.children ?? [], path, out, depth + 1);
  }
  return out;
}

function must<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`Organizations response lacks ${what}`);
  return value;
}

async function createAccount(org: OrganizationsClient, spec: AccountSpec): Promise<string> {
  const created = await org.send(new CreateAccountCommand({ AccountName: spec.name, Email: spec.email }));
  let status = must(created.CreateAccountStatus, 'CreateAccountStatus');
  for (let i = 0; status.State === 'IN_PROGRESS'; i++) {
    if (i > 50) throw new Error(`CreateAccount for ${spec.email} still IN_PROGRESS`);
    await new Promise((r) => setTimeout(r, 100));
    const described = await org.send(
      new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: must(status.Id, 'CreateAccountStatus.Id') }),
    );
    status = must(described.CreateAccountStatus, 'CreateAccountStatus');
  }
  if (status.State !== 'SUCCEEDED') {
    throw new Error(`CreateAccount for ${spec.email}: ${status.State} ${status.FailureReason ?? ''}`);
  }
  return must(status.AccountId, 'CreateAccountStatus.AccountId');
}

/**
 * Creates the organization (FeatureSet ALL), its OUs and accounts in the moto at `endpoint`,
 * which must have no organization yet (start a fresh moto or call moto.reset() first).
 * Accounts come after the management account, OU by OU (breadth-first), in spec order within an OU.
 */
export async function buildOrganization(endpoint: string, spec: OrgSpec = DEFAULT_ORG_SPEC): Promise<SimOrg> {
  const org = new OrganizationsClient(testClientConfig(endpoint));
  const limit = pLimit(CONCURRENCY);
  try {
    const created = await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
    const organizationId = must(created.Organization?.Id, 'Organization.Id');
    const managementAccountId = must(created.Organization?.MasterAccountId, 'MasterAccountId');
    const roots = await org.send(new ListRootsCommand({}));
    const rootId = must(roots.Roots?.[0]?.Id, 'Roots[0].Id');

    const ouIdByPath = new Map<string, string>([['Root', rootId]]);
    const ous: SimOu[] = [];
    for (const level of planOus(spec.ous, 'Root')) {
      const made = await Promise.all(
        level.map((p) =>
          limit(async () => {
            const parentId = must(ouIdByPath.get(p.parentPath), `OU ${p.parentPath}`);
            const res = await org.send(new CreateOrganizationalUnitCommand({ ParentId: parentId, Name: p.spec.name }));
            return { id: must(res.OrganizationalUnit?.Id, 'OrganizationalUnit.Id'), name: p.spec.name, path: p.path, parentId };
          }),
        ),
      );
      for (const ou of made) {
        ouIdByPath.set(ou.path, ou.id);
        ous.push(ou);
      }
    }
    const sandboxOuId = must(ouIdByPath.get(spec.sandboxOuPath), `sandbox OU ${spec.sandboxOuPath}`);

    const planned = planOus(spec.ous, 'Root')
      .flat()
      .flatMap((p) => (p.spec.accounts ?? []).map((a) => ({ account: a, ouPath: p.path })));
    const accounts = await Promise.all(
      planned.map(({ account, ouPath }) =>
        limit(async (): Promise<SimAccount> => {
          const id = await createAccount(org, account);
          const ouId = must(ouIdByPath.get(ouPath), `OU ${ouPath}`);
          await org.send(new MoveAccountCommand({ AccountId: id, SourceParentId: rootId, DestinationParentId: ouId }));
          let status: AccountStatus = 'ACTIVE';
          if (account.suspended) {
            await org.send(new CloseAccountCommand({ AccountId: id }));
            const described = await org.send(new DescribeAccountCommand({ AccountId: id }));
            status = must(described.Account?.Status, 'Account.Status') as AccountStatus;
          }
          const sandbox = ouPath === spec.sandboxOuPath || ouPath.startsWith(`${spec.sandboxOuPath}/`);
          return {
            id,
            name: account.name,
            email: account.email,
            ouId,
            ouPath,
            status,
            kind: sandbox ? 'sandbox' : 'production',
            excluded: account.excluded ?? false,
            spendProfile: account.spendProfile ?? (sandbox ? 'normal' : 'production'),
          };
        }),
      ),
    );

    const mgmt = await org.send(new DescribeAccountCommand({ AccountId: managementAccountId }));
    const management: SimAccount = {
      id: managementAccountId,
      name: mgmt.Account?.Name ?? 'management',
      email: mgmt.Account?.Email ?? '',
      ouId: rootId,
      ouPath: 'Root',
      status: (mgmt.Account?.Status ?? 'ACTIVE') as AccountStatus,
      kind: 'management',
      excluded: false,
      spendProfile: 'idle',
    };
    return { organizationId, managementAccountId, rootId, ous, sandboxOuId, accounts: [management, ...accounts] };
  } finally {
    org.destroy();
  }
}
