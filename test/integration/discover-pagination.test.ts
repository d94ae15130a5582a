// Organizations pagination and OU membership changes: an OU holding more accounts than one page, and accounts that
// leave the sandbox OU are marked, never deleted.
import { MoveAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMoto, testClientConfig, type Moto } from '../support/moto.ts';
import { buildOrganization, type OrgSpec, type SimOrg } from '../support/org-simulator.ts';
import { inProcess, useEmulator, writeConfig } from '../support/warden.ts';
import { getJob } from '../../jobs/index.ts';
import { runJob } from '../../jobs/runner.ts';

const BIG = 47;
const spec: OrgSpec = {
  sandboxOuPath: 'Root/Sandboxes',
  ous: [
    { name: 'Sandboxes', children: [{ name: 'Crowd', accounts: Array.from({ length: BIG }, (_, i) => ({ name: `sandbox-dev-${i}`, email: `dev${i}@example.com` })) }] },
    { name: 'Production', accounts: [{ name: 'prod', email: 'prod@example.com' }] },
  ],
};
let moto: Moto;
let org: SimOrg;

beforeAll(async () => {
  moto = await startMoto();
  org = await buildOrganization(moto.endpoint, spec);
  useEmulator(moto.endpoint);
});
afterAll(async () => moto?.stop());

describe('discover', () => {
  it('follows every page of an OU with more accounts than a page holds', async () => {
    const { path } = writeConfig({ organization: { sandboxOus: [org.sandboxOuId], verifyAccess: false }, regions: ['us-east-1'], log: { level: 'silent' } });
    const rt = inProcess(path);
    const report = await runJob(getJob('discover'), rt);
    expect(report.status).toBe('ok');
    const ids = (report.accounts as Array<{ id: string }>).map((a) => a.id);
    expect(new Set(ids)).toEqual(new Set(org.accounts.filter((a) => a.kind === 'sandbox').map((a) => a.id)));
    expect(ids).toHaveLength(BIG);
    // 20 per page (the AWS maximum) for the Crowd OU, one page for the empty parent
    expect(report.apiCalls['organizations:ListAccountsForParent']).toBe(Math.ceil(BIG / 20) + 1);

    const leaver = org.accounts.find((a) => a.kind === 'sandbox')!;
    const prodOu = org.ous.find((o) => o.name === 'Production')!;
    const orgs = new OrganizationsClient(testClientConfig(moto.endpoint));
    await orgs.send(new MoveAccountCommand({ AccountId: leaver.id, SourceParentId: leaver.ouId, DestinationParentId: prodOu.id }));
    const second = await runJob(getJob('discover'), rt);
    expect(second.left).toEqual([leaver.id]);
    const row = rt.repos.accounts.get(leaver.id)!;
    expect(row).toMatchObject({ isSandbox: false });
    expect(row.leftAt).not.toBeNull();
    expect(rt.repos.accounts.listActiveSandboxes().map((a) => a.id)).not.toContain(leaver.id);
    orgs.destroy();
    rt.close();
  });
});
