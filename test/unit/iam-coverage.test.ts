// The IAM policies under deploy/ allow exactly what the product code sends: every SDK command found in the
// source maps to an action of the right role's policy, and the policies grant nothing the code never calls.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PACKAGES, scanProduct, scanSource, sourceFiles, type Side } from './iam/sdk-actions.ts';
import { actionsBySid, allowedActions, DEPLOY, readPolicy, readTemplate, rolePolicies } from './iam/policies.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Product code only: test/, bench/ and scripts/ build fixtures with admin rights the daemon never needs. */
const PRODUCT_DIRS = ['aws', 'bin', 'cli', 'config', 'core', 'db', 'jobs', 'notify', 'server', 'web'];
const POLICY: Record<Side, string> = { management: DEPLOY.managementPolicy, member: DEPLOY.memberPolicy };

const scan = scanProduct(ROOT, PRODUCT_DIRS);
const required = (side: Side) =>
  [...new Set(scan.calls.filter((c) => c.side === side && c.action).map((c) => c.action!))].sort();

describe('the scanner', () => {
  it('reads commands, aliases, namespace imports and paginators, and skips type-only imports', () => {
    const text = [
      "import { ListFunctionsCommand, paginateListEventSourceMappings, type GetFunctionCommandOutput } from '@aws-sdk/client-lambda';",
      "import type { TagResourceCommand } from '@aws-sdk/client-lambda';",
      "import { GetMetricDataCommand as Gmd } from '@aws-sdk/client-cloudwatch';",
      "import * as ec2 from '@aws-sdk/client-ec2';",
      "import { GetCallerIdentityCommand, AssumeRoleCommand } from '@aws-sdk/client-sts';",
      'await c.send(new ListFunctionsCommand({})); paginateListEventSourceMappings({ client }, {});',
      'await cw.send(new Gmd({})); await e.send(new ec2.DescribeVolumesCommand({})); ec2.paginateDescribeAddresses;',
      'await sts.send(new GetCallerIdentityCommand({}));',
    ].join('\n');
    expect(scanSource('x.ts', text).map((c) => [c.action, c.side])).toEqual([
      ['lambda:ListFunctions', 'member'],
      ['lambda:ListEventSourceMappings', 'member'],
      ['cloudwatch:GetMetricData', 'member'],
      [null, 'management'], // GetCallerIdentity needs no permission; AssumeRole is imported but never used here
      ['ec2:DescribeVolumes', 'member'],
      ['ec2:DescribeAddresses', 'member'],
    ]);
  });

  it('refuses an SDK package it has no IAM mapping for, and waiters', () => {
    expect(() => scanSource('x.ts', "import { ListBucketsCommand } from '@aws-sdk/client-s3'; new ListBucketsCommand({});")).toThrow(/PACKAGES/);
    expect(() => scanSource('x.ts', "import { waitUntilInstanceRunning } from '@aws-sdk/client-ec2'; waitUntilInstanceRunning();")).toThrow(/waiter/);
  });

  it('finds the calls of the spine (discovery, Cost Explorer, AssumeRole, SES)', () => {
    const actions = scan.calls.map((c) => c.action);
    expect(actions).toEqual(expect.arrayContaining(['organizations:DescribeOrganization', 'ce:GetCostAndUsage', 'sts:AssumeRole', 'ses:SendEmail']));
    expect(sourceFiles(ROOT, PRODUCT_DIRS).some((f) => f.includes('/test/'))).toBe(false);
  });
});

describe('the product code', () => {
  it('creates clients only for services the mapping knows, under the same names', () => {
    const clients = readFileSync(`${ROOT}aws/clients.ts`, 'utf8');
    // CLIENTS entries load their package on first use: `  name: () => sdk<...>('@aws-sdk/client-x').XClient,`
    const entries = [...clients.matchAll(/^\s+(\w+): \(\) => sdk<[^>]*>\('(@aws-sdk\/client-[\w-]+)'\)\.\w+Client,$/gm)].map((m) => [m[1]!, m[2]!] as const);
    expect(entries.length).toBeGreaterThan(0);
    for (const [name, pkg] of entries) expect({ name, client: PACKAGES[pkg!]?.client }).toEqual({ name, client: name });
  });

  it('sends management-side services through session.management and member-side ones through session.member', () => {
    const sideOf = (client: string) => Object.values(PACKAGES).find((p) => p.client === client)?.side;
    for (const [client, files] of scan.sessions.management) expect({ client, files, side: sideOf(client) }).toEqual({ client, files, side: 'management' });
    for (const [client, files] of scan.sessions.member) {
      if (client === 'sts') {
        // A member STS client may only prove the assumed identity (GetCallerIdentity needs no permission).
        const stsActions = scan.calls.filter((c) => files.includes(c.file) && c.pkg === '@aws-sdk/client-sts' && c.file !== 'aws/clients.ts').map((c) => c.action);
        expect({ files, stsActions }).toEqual({ files, stsActions: stsActions.map(() => null) });
      } else expect({ client, files, side: sideOf(client) }).toEqual({ client, files, side: 'member' });
    }
  });
});

describe.each(['management', 'member'] as const)('the %s policy', (side) => {
  const doc = readPolicy(ROOT, POLICY[side]);

  it('allows exactly the actions the code sends with that role (no more, no less)', () => {
    const allowed = allowedActions(doc);
    const missing = required(side).filter((a) => !allowed.includes(a));
    const unused = allowed.filter((a) => !required(side).includes(a));
    const callers = (a: string) => scan.calls.filter((c) => c.action === a).map((c) => c.file);
    expect({ missing: missing.map((a) => `${a} (${callers(a).join(', ')})`), unused }).toEqual({ missing: [], unused: [] });
  });

  it('names every action explicitly, allows only, and has a Sid per statement', () => {
    expect(doc.Version).toBe('2012-10-17');
    for (const s of doc.Statement) {
      expect(s.Effect).toBe('Allow');
      expect(s.Sid).toMatch(/^[A-Za-z0-9]+$/);
      for (const a of [s.Action].flat()) expect(a).toMatch(/^[a-z0-9-]+:[A-Za-z0-9]+$/);
    }
  });
});

describe('permissions declared by registered modules (detectors, checks, actions)', () => {
  it('are all allowed by the member policy', () => {
    const member = allowedActions(readPolicy(ROOT, DEPLOY.memberPolicy));
    const declared = sourceFiles(ROOT, PRODUCT_DIRS).flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/permissions:\s*\[([^\]]*)\]/g)].flatMap((m) => [...m[1]!.matchAll(/'([\w-]+:\w+)'/g)].map((x) => x[1]!)));
    expect(declared.filter((a) => !member.includes(a))).toEqual([]);
  });
});

describe('the CloudFormation templates', () => {
  const management = readTemplate(ROOT, DEPLOY.managementTemplate);
  const member = readTemplate(ROOT, DEPLOY.memberTemplate);

  // Out of step? Edit the JSON policy, then run `node deploy/cloudformation/sync.mjs`.
  it('carry the same statements as the JSON policies', () => {
    expect(Object.values(rolePolicies(member)).map(actionsBySid)).toEqual([actionsBySid(readPolicy(ROOT, DEPLOY.memberPolicy))]);
    expect(Object.values(rolePolicies(management)).map(actionsBySid)).toEqual([actionsBySid(readPolicy(ROOT, DEPLOY.managementPolicy))]);
  });

  it('deploy the member role as a service-managed StackSet with auto-deployment, from the member template verbatim', () => {
    const stackSets = Object.values(management.Resources).filter((r) => r.Type === 'AWS::CloudFormation::StackSet');
    expect(stackSets).toHaveLength(1);
    const p = stackSets[0]!.Properties;
    expect(p).toMatchObject({ PermissionModel: 'SERVICE_MANAGED', AutoDeployment: { Enabled: true }, Capabilities: ['CAPABILITY_NAMED_IAM'] });
    expect(p.TemplateBody).toBe(readFileSync(`${ROOT}${DEPLOY.memberTemplate}`, 'utf8'));
    const passed = (p.Parameters as Array<{ ParameterKey: string }>).map((x) => x.ParameterKey).sort();
    expect(passed).toEqual(Object.keys(member.Parameters ?? {}).sort());
  });

  it('trust the management role in the member role, with the optional ExternalId condition', () => {
    const role = Object.values(member.Resources).find((r) => r.Type === 'AWS::IAM::Role')!;
    const trust = JSON.stringify(role.Properties.AssumeRolePolicyDocument);
    expect(trust).toContain('{"AWS":{"Ref":"ManagementRoleArn"}}');
    expect(trust).toContain('"sts:ExternalId":{"Ref":"ExternalId"}');
    expect(role.Properties.MaxSessionDuration).toBe(3600);
  });

  it('let the management role assume only the member role name the member template creates', () => {
    const roleName = member.Parameters?.RoleName?.Default;
    expect(management.Parameters?.MemberRoleName?.Default).toBe(roleName);
    const assume = readPolicy(ROOT, DEPLOY.managementPolicy).Statement.find((s) => [s.Action].flat().includes('sts:AssumeRole'))!;
    expect(assume.Resource).toBe(`arn:aws:iam::*:role/${String(roleName)}`);
  });
});
