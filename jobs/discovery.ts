import {
  DescribeOrganizationCommand, DescribeOrganizationalUnitCommand, paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent, paginateListRoots, ListParentsCommand, type Account,
} from '@aws-sdk/client-organizations';
import pLimit from 'p-limit';
import { ConfigError } from '../core/errors.ts';
import type { SeenAccount } from '../db/repos/accounts.ts';
import type { AwsSession } from '../aws/clients.ts';
import { errorCode } from '../aws/errors.ts';

/** Organizations throttles early and publishes no rates: walk the tree with few calls in flight. */
const ORG_CONCURRENCY = 4;

export interface DiscoveryResult {
  managementAccountId: string;
  accounts: SeenAccount[];
  skipped: { management: number; excluded: number };
}

async function all<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const p of pages) out.push(p);
  return out;
}

/** Walks every configured sandbox OU (nested OUs included) and returns the accounts found under them. */
export async function discoverSandboxes(session: AwsSession, sandboxOus: readonly string[], excluded: readonly string[]): Promise<DiscoveryResult> {
  const org = session.management('organizations');
  const described = await org.send(new DescribeOrganizationCommand({}));
  const managementAccountId = described.Organization?.MasterAccountId;
  if (!managementAccountId) throw new Error('DescribeOrganization returned no management account id');
  const roots = (await all(paginateListRoots({ client: org }, {}))).flatMap((p) => p.Roots ?? []);
  const rootIds = new Set(roots.map((r) => r.Id!));
  const limit = pLimit(ORG_CONCURRENCY);

  async function pathOf(ouId: string): Promise<string> {
    if (rootIds.has(ouId)) return 'Root';
    const names: string[] = [];
    let current = ouId;
    for (let depth = 0; depth < 10 && !rootIds.has(current); depth++) {
      const ou = await org.send(new DescribeOrganizationalUnitCommand({ OrganizationalUnitId: current }));
      names.unshift(ou.OrganizationalUnit?.Name ?? current);
      const parents = await org.send(new ListParentsCommand({ ChildId: current }));
      current = parents.Parents?.[0]?.Id ?? '';
      if (!current) break;
    }
    return ['Root', ...names].join('/');
  }

  const found = new Map<string, SeenAccount>();
  const skipped = { management: 0, excluded: 0 };
  const excludedSet = new Set(excluded);

  async function walk(parentId: string, path: string): Promise<void> {
    const [accountPages, ouPages] = await Promise.all([
      limit(() => all(paginateListAccountsForParent({ client: org, pageSize: 20 }, { ParentId: parentId }))),
      limit(() => all(paginateListOrganizationalUnitsForParent({ client: org, pageSize: 20 }, { ParentId: parentId }))),
    ]);
    for (const a of accountPages.flatMap((p) => p.Accounts ?? [])) {
      if (a.Id === managementAccountId) skipped.management++;
      else if (excludedSet.has(a.Id!)) skipped.excluded++;
      else if (a.Id && !found.has(a.Id)) found.set(a.Id, toSeen(a, parentId, path));
    }
    await Promise.all(ouPages.flatMap((p) => p.OrganizationalUnits ?? []).map((ou) => walk(ou.Id!, `${path}/${ou.Name ?? ou.Id}`)));
  }

  for (const ouId of sandboxOus) {
    let path: string;
    try {
      path = await pathOf(ouId);
    } catch (err) {
      const code = errorCode(err);
      if (code === 'OrganizationalUnitNotFoundException' || code === 'ParentNotFoundException' || code === 'InvalidInputException') {
        throw new ConfigError(`organization.sandboxOus: ${ouId} does not exist in this organization (${code})`, [], { cause: err });
      }
      throw err;
    }
    await walk(ouId, path);
  }
  return { managementAccountId, accounts: [...found.values()].sort((a, b) => a.id.localeCompare(b.id)), skipped };
}

function toSeen(a: Account, ouId: string, ouPath: string): SeenAccount {
  return { id: a.Id!, name: a.Name ?? a.Id!, email: a.Email ?? '', status: String(a.State ?? a.Status ?? 'UNKNOWN').toUpperCase(), ouId, ouPath };
}
