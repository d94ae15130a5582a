import { DescribeTargetHealthCommand, paginateDescribeLoadBalancers, paginateDescribeTargetGroups } from '@aws-sdk/client-elastic-load-balancing-v2';
import pLimit from 'p-limit';
import type { AwsSession } from '../../../aws/clients.ts';
import { isNotFound } from '../../../aws/errors.ts';
import { collect, iso, type Fetched, type FetchTarget, type ServiceFetch } from './types.ts';

/** Load balancers with how many targets are registered across their target groups (tags come from the tagging API). */
export async function fetchElbv2(session: AwsSession, t: FetchTarget): Promise<ServiceFetch> {
  const elb = session.member(t.accountId, 'elbv2', t.region);
  const lbs = (await collect(paginateDescribeLoadBalancers({ client: elb, pageSize: 400 }, {}))).flatMap((p) => p.LoadBalancers ?? []);
  const groups = lbs.length ? (await collect(paginateDescribeTargetGroups({ client: elb, pageSize: 400 }, {}))).flatMap((p) => p.TargetGroups ?? []) : [];
  const limit = pLimit(t.detailConcurrency);
  const targetsByGroup = new Map<string, number>();
  await Promise.all(groups.map((g) => limit(async () => {
    try {
      const h = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: g.TargetGroupArn }));
      targetsByGroup.set(g.TargetGroupArn!, (h.TargetHealthDescriptions ?? []).filter((d) => d.TargetHealth?.State !== 'draining').length);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      targetsByGroup.set(g.TargetGroupArn!, 0); // target group deleted since it was listed: it holds no targets
    }
  })));
  const out: Fetched[] = [];
  for (const lb of lbs) {
    if (!lb.LoadBalancerArn) continue;
    const mine = groups.filter((g) => (g.LoadBalancerArns ?? []).includes(lb.LoadBalancerArn!));
    const registered = mine.reduce((a, g) => a + (targetsByGroup.get(g.TargetGroupArn!) ?? 0), 0);
    out.push({
      arn: lb.LoadBalancerArn, accountId: t.accountId, region: t.region, id: lb.LoadBalancerArn, type: 'elasticloadbalancing:loadbalancer',
      name: lb.LoadBalancerName ?? null, tags: {}, state: registered ? 'serving' : 'no-targets',
      details: { kind: lb.Type ?? 'application', name: lb.LoadBalancerName ?? '', createdAt: iso(lb.CreatedTime), targetGroups: mine.length, registeredTargets: registered },
    });
  }
  return { types: ['elasticloadbalancing:loadbalancer'], resources: out, vanished: 0, malformedTags: [] };
}
