// Proves the test harness: organization built in moto, Cost Explorer seeding round trip.
// SMTP sink and fault proxy: harness-mail-faults.test.ts.
import {
  CostExplorerClient,
  GetCostAndUsageCommand,
  type GetCostAndUsageCommandInput,
  type GetCostAndUsageCommandOutput,
} from '@aws-sdk/client-cost-explorer';
import {
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  OrganizationsClient,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMoto, testClientConfig, type Moto } from '../support/moto.ts';
import {
  buildOrganization,
  expectedTotals,
  parseDecimal,
  formatDecimal,
  seedSpendWindow,
  simulateSpend,
  type SimOrg,
} from '../support/org-simulator.ts';

let moto: Moto;
let org: SimOrg;
let orgs: OrganizationsClient;

beforeAll(async () => {
  moto = await startMoto();
  org = await buildOrganization(moto.endpoint);
  orgs = new OrganizationsClient(testClientConfig(moto.endpoint));
});
afterAll(async () => {
  orgs?.destroy();
  await moto?.stop();
});

describe('organization simulator', () => {
  it('builds nested OUs with the accounts of the model', async () => {
    const edge = org.ous.find((o) => o.path === 'Root/Sandboxes/Platform/Edge');
    expect(edge).toBeDefined();
    const res = await orgs.send(new ListAccountsForParentCommand({ ParentId: edge!.id }));
    const want = org.accounts.filter((a) => a.ouId === edge!.id);
    expect(want.length).toBeGreaterThanOrEqual(3);
    expect(new Set(res.Accounts?.map((a) => a.Id))).toEqual(new Set(want.map((a) => a.id)));
    expect(res.Accounts?.map((a) => a.Email).sort()).toEqual(want.map((a) => a.email).sort());

    const platform = org.ous.find((o) => o.path === 'Root/Sandboxes/Platform')!;
    const children = await orgs.send(new ListOrganizationalUnitsForParentCommand({ ParentId: platform.id }));
    expect(children.OrganizationalUnits?.map((o) => o.Name)).toEqual(['Edge']);
    expect(edge!.parentId).toBe(platform.id);

    const sandboxes = org.accounts.filter((a) => a.kind === 'sandbox');
    expect(sandboxes.length).toBeGreaterThanOrEqual(22);
    expect(sandboxes.every((a) => a.ouPath.startsWith('Root/Sandboxes'))).toBe(true);
    expect(org.accounts.filter((a) => a.kind === 'production')).toHaveLength(2);
    expect(org.accounts[0]).toMatchObject({ kind: 'management', id: org.managementAccountId });
  });

  it('lists every account through pagination (20 per page), ids unique', async () => {
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client: orgs, pageSize: 20 }, {})) {
      expect(page.Accounts!.length).toBeLessThanOrEqual(20);
      ids.push(...page.Accounts!.map((a) => a.Id!));
    }
    expect(ids.sort()).toEqual(org.accounts.map((a) => a.id).sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('shows the suspended account as SUSPENDED and marks one sandbox excluded', async () => {
    const suspended = org.accounts.filter((a) => a.status === 'SUSPENDED');
    expect(suspended).toHaveLength(1);
    const described = await orgs.send(new DescribeAccountCommand({ AccountId: suspended[0]!.id }));
    expect(described.Account).toMatchObject({ Status: 'SUSPENDED', State: 'SUSPENDED' });
    const excluded = org.accounts.filter((a) => a.excluded);
    expect(excluded).toHaveLength(1);
    expect(excluded[0]).toMatchObject({ kind: 'sandbox', status: 'ACTIVE' });
  });
});

describe('spend simulator and Cost Explorer seeding', () => {
  const today = '2026-03-15';
  const window = { start: '2026-02-13', end: today };

  it('is deterministic and covers [today - days, today)', () => {
    const a = simulateSpend(org, { today, days: 30, seed: 7 });
    expect(simulateSpend(org, { today, days: 30, seed: 7 })).toEqual(a);
    expect(simulateSpend(org, { today, days: 30, seed: 8 })).not.toEqual(a);
    const dates = new Set(a.map((r) => r.date));
    expect(dates.size).toBe(30);
    expect([...dates].sort()[0]).toBe(window.start);
    expect(dates.has(today)).toBe(false);
    expect(a.some((r) => r.accountId === org.managementAccountId)).toBe(false);
    expect(a.filter((r) => r.recordType === 'Credit').length).toBeGreaterThan(0);
    expect(a.filter((r) => r.recordType === 'Refund').length).toBeGreaterThan(0);
    expect(a.every((r) => /^-?\d+(\.\d{1,10})?$/.test(r.amount))).toBe(true);
    const totals = expectedTotals(a, { ...window, stream: 'usage' });
    const heavy = org.accounts.find((x) => x.spendProfile === 'heavy')!;
    expect(parseDecimal(totals.get(heavy.id)!)).toBeGreaterThan(parseDecimal('1000'));
  });

  it('answers GetCostAndUsage with the seeded pages, in order, following NextPageToken', async () => {
    const records = simulateSpend(org, { today, days: 30, seed: 42 });
    const seeded = await seedSpendWindow(moto, records, { ...window, accounts: org.accounts });
    expect(seeded.usage).toHaveLength(5);
    const ce = new CostExplorerClient(testClientConfig(moto.endpoint));
    const fetchAll = async (input: GetCostAndUsageCommandInput): Promise<GetCostAndUsageCommandOutput[]> => {
      const pages: GetCostAndUsageCommandOutput[] = [];
      let token: string | undefined;
      do {
        const page = await ce.send(new GetCostAndUsageCommand({ ...input, NextPageToken: token }));
        pages.push(page);
        token = page.NextPageToken;
      } while (token);
      return pages;
    };
    const base = { TimePeriod: { Start: window.start, End: window.end }, Granularity: 'DAILY' as const, Metrics: ['UnblendedCost'] };
    const recordTypes = { Dimensions: { Key: 'RECORD_TYPE' as const, Values: ['Credit', 'Refund'] } };
    const usageInput: GetCostAndUsageCommandInput = {
      ...base,
      GroupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }, { Type: 'DIMENSION', Key: 'SERVICE' }],
      Filter: { Not: recordTypes },
    };
    const usage = await fetchAll(usageInput);
    const credits = await fetchAll({
      ...base,
      GroupBy: [{ Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' }, { Type: 'DIMENSION', Key: 'RECORD_TYPE' }],
      Filter: recordTypes,
    });
    try {
      const strip = ({ $metadata: _m, ...rest }: GetCostAndUsageCommandOutput): object => rest;
      expect(usage.map(strip)).toEqual(seeded.usage);
      expect(credits.map(strip)).toEqual(seeded.credits);
      expect(usage[0]!.DimensionValueAttributes?.find((d) => d.Value === org.accounts[3]!.id)?.Attributes)
        .toEqual({ description: org.accounts[3]!.name });
      expect(usage.at(-1)!.ResultsByTime!.at(-1)!.Estimated).toBe(true);
      expect(usage[0]!.ResultsByTime![0]!.Estimated).toBe(false);

      for (const [stream, pages] of [['usage', usage], ['credits', credits]] as const) {
        const sums = new Map<string, bigint>();
        for (const g of pages.flatMap((p) => p.ResultsByTime!).flatMap((r) => r.Groups!)) {
          const id = g.Keys![0]!;
          sums.set(id, (sums.get(id) ?? 0n) + parseDecimal(g.Metrics!.UnblendedCost!.Amount!));
        }
        const got = new Map([...sums].map(([id, u]) => [id, formatDecimal(u)]));
        expect(got).toEqual(expectedTotals(records, { ...window, stream }));
      }
      // The same request body is answered with the same result again (moto caches per body).
      const again = await ce.send(new GetCostAndUsageCommand(usageInput));
      expect(strip(again)).toEqual(seeded.usage[0]);
    } finally {
      ce.destroy();
    }
  });

  it('reset() drops the organization and the CE queue', async () => {
    await moto.reset();
    await expect(orgs.send(new DescribeOrganizationCommand({}))).rejects.toMatchObject({
      name: 'AWSOrganizationsNotInUseException',
    });
    // moto: without an organization DescribeAccount says AccountNotFoundException.
    await expect(orgs.send(new DescribeAccountCommand({ AccountId: org.accounts[1]!.id }))).rejects.toMatchObject({
      name: 'AccountNotFoundException',
    });
    const ce = new CostExplorerClient(testClientConfig(moto.endpoint));
    const empty = await ce.send(
      new GetCostAndUsageCommand({ TimePeriod: { Start: window.start, End: window.end }, Granularity: 'DAILY', Metrics: ['UnblendedCost'] }),
    );
    ce.destroy();
    expect(empty.ResultsByTime).toEqual([]);
    const again = await buildOrganization(moto.endpoint);
    expect(again.accounts).toHaveLength(org.accounts.length);
    expect(again.accounts[1]!.id).not.toBe(org.accounts[1]!.id);
  });
});
