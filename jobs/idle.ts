import { formatAmount } from '../core/money.ts';
import { ensureAccounts, sandboxTargets } from './discover.ts';
import { forEachTarget } from '../aws/pool.ts';
import { CHECKS } from './idle/checks/index.ts';
import { enabledChecks, evaluate, metricQueries } from './idle/evaluate.ts';
import { fetchInventory } from './idle/inventory/index.ts';
import { fetchMetrics } from './idle/inventory/metrics.ts';
import type { Resource } from './idle/types.ts';
import type { Job, JobContext } from './types.ts';

interface TargetResult {
  resources: number;
  opened: number;
  closed: number;
  gone: number;
  ignored: Record<string, number>;
  vanished: number;
  malformedTags: number;
  badExpiry: number;
}

async function sweep(ctx: JobContext, t: { accountId: string; region: string; account: { email: string } }): Promise<TargetResult> {
  const { config, repos, clock, session } = ctx;
  const target = { accountId: t.accountId, region: t.region, detailConcurrency: config.idle.detailConcurrency };
  const inv = await fetchInventory(session, target);
  for (const e of inv.serviceErrors) ctx.recordError(t.accountId, t.region, e);
  const now = clock.now();
  const nowIso = now.toISOString();
  const since = repos.idle.resources.observe(inv.resources.map((r) => ({ ...r, type: r.type as string })), nowIso);
  const resources = inv.resources.map((r) => ({ ...r, stateSince: since.get(r.arn) ?? nowIso })) as Resource[];
  ctx.crashPoints?.reach('idle:after-observe');
  const gone = repos.idle.resources.markGone(t.accountId, t.region, inv.sweptTypes, new Set(resources.map((r) => r.arn)), nowIso);
  const checks = enabledChecks(CHECKS, config.idle.checks);
  const metrics = await fetchMetrics(session, target, metricQueries(resources, checks), now);
  const ev = evaluate(resources, checks, {
    now, metrics, expiryTagKey: config.idle.expiryTagKey, ownerTagKeys: config.idle.ownerTagKeys,
    accountEmail: t.account.email || null, fallbackOwner: config.idle.fallbackOwner ?? null,
  });
  const synced = repos.idle.findings.sync(t.accountId, t.region, inv.sweptTypes, ev.findings, nowIso);
  if (inv.malformedTags.length || ev.badExpiry.length) ctx.log.warn({ accountId: t.accountId, region: t.region, malformed: [...inv.malformedTags, ...ev.badExpiry].slice(0, 20) }, 'malformed tags ignored');
  ctx.log.info({ accountId: t.accountId, region: t.region, resources: resources.length, findings: ev.findings.length, opened: synced.opened.length, closed: synced.closed.length, ignored: inv.ignored, vanished: inv.vanished }, 'idle sweep');
  ctx.progress.tick(`${t.accountId} ${t.region}`);
  return {
    resources: resources.length, opened: synced.opened.length, closed: synced.closed.length, gone, ignored: inv.ignored,
    vanished: inv.vanished, malformedTags: inv.malformedTags.length, badExpiry: ev.badExpiry.length,
  };
}

export const idleJob: Job = {
  id: 'idle',
  description: 'Inventory every sandbox account and region, run the idle checks, and keep findings with estimated monthly waste.',
  async run(ctx) {
    await ensureAccounts(ctx);
    const targets = sandboxTargets(ctx);
    ctx.progress.start(targets.length, 'idle inventory');
    const results = await forEachTarget(targets, ctx.config.aws.concurrency, (t) => sweep(ctx, t), (e) => ctx.recordError(e.accountId, e.region, e.message));
    ctx.progress.done();
    const sum = (f: (r: TargetResult) => number) => results.reduce((a, r) => a + f(r.result), 0);
    const ignored: Record<string, number> = {};
    for (const { result } of results) for (const [k, n] of Object.entries(result.ignored)) ignored[k] = (ignored[k] ?? 0) + n;
    const swept = new Set(results.map((r) => `${r.target.accountId}|${r.target.region}`));
    const open = ctx.repos.idle.findings.listOpen({ now: ctx.clock.now().toISOString(), includeSnoozed: true })
      .filter((f) => swept.has(`${f.accountId}|${f.region}`));
    const total = open.reduce((a, f) => a + f.monthlyNano, 0n);
    return {
      targets: targets.length,
      resources: sum((r) => r.resources),
      opened: sum((r) => r.opened),
      closed: sum((r) => r.closed),
      gone: sum((r) => r.gone),
      ignoredResources: { count: Object.values(ignored).reduce((a, b) => a + b, 0), byType: ignored },
      vanished: sum((r) => r.vanished),
      malformedTags: sum((r) => r.malformedTags) + sum((r) => r.badExpiry),
      totalMonthlyUsd: formatAmount(total, 2),
      findings: open.map((f) => ({ id: f.id, accountId: f.accountId, region: f.region, arn: f.arn, check: f.checkId, owner: f.owner, monthlyUsd: formatAmount(f.monthlyNano, 2), snoozed: f.snoozed })),
    };
  },
};
