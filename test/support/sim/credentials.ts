// Credentials for a member account, obtained the way Warden gets them: STS AssumeRole into the
// account's OrganizationAccountAccessRole. moto issues keys that map to the role's account (so
// GetCallerIdentity reports the member) without checking that the role exists. Keys issued
// before moto.reset() silently map to 123456789012 afterwards: assume again after a reset.
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { testClientConfig, type TestClientConfig } from '../moto.ts';

export const ORG_ACCESS_ROLE = 'OrganizationAccountAccessRole';

export function roleArn(accountId: string, roleName = ORG_ACCESS_ROLE): string {
  return `arn:aws:iam::${accountId}:role/${roleName}`;
}

export async function memberCredentials(
  endpoint: string,
  accountId: string,
  roleName = ORG_ACCESS_ROLE,
): Promise<TestClientConfig['credentials']> {
  const sts = new STSClient(testClientConfig(endpoint));
  try {
    const res = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn(accountId, roleName), RoleSessionName: 'warden-test-harness' }),
    );
    const c = res.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole into ${accountId} returned no credentials`);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  } finally {
    sts.destroy();
  }
}

/** Client config acting inside a member account (for seeding Lambda, EC2, CloudWatch there). */
export async function memberClientConfig(
  endpoint: string,
  accountId: string,
  region = 'us-east-1',
): Promise<TestClientConfig> {
  return testClientConfig(endpoint, region, await memberCredentials(endpoint, accountId));
}

/** Trust policy of the execution roles the simulators give their Lambda functions (an IAM service principal). */
export const LAMBDA_TRUST_POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
