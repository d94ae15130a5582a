import { paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import type { AwsSession } from '../../../aws/clients.ts';
import { collect, iso, type Fetched, type FetchTarget, type ServiceFetch } from './types.ts';

export async function fetchLogs(session: AwsSession, t: FetchTarget): Promise<ServiceFetch> {
  const logs = session.member(t.accountId, 'logs', t.region);
  const groups = (await collect(paginateDescribeLogGroups({ client: logs, pageSize: 50 }, {}))).flatMap((p) => p.logGroups ?? []);
  const out: Fetched[] = groups.filter((g) => g.logGroupName).map((g) => ({
    arn: (g.arn ?? `arn:aws:logs:${t.region}:${t.accountId}:log-group:${g.logGroupName}`).replace(/:\*$/, ''),
    accountId: t.accountId, region: t.region, id: g.logGroupName!, type: 'logs:log-group' as const, name: g.logGroupName!, tags: {},
    state: g.retentionInDays ? 'retained' : 'forever',
    details: { name: g.logGroupName!, retentionDays: g.retentionInDays ?? null, storedBytes: g.storedBytes ?? 0, createdAt: iso(g.creationTime ? new Date(g.creationTime) : null) },
  }));
  return { types: ['logs:log-group'], resources: out, vanished: 0, malformedTags: [] };
}
