import { describeAwsError } from '../aws/errors.ts';
import { forEachTarget } from '../aws/pool.ts';
import { WardenError } from '../core/errors.ts';
import { formatAmount } from '../core/money.ts';
import { ensureAccounts, sandboxTargets } from './discover.ts';
import { actOnFindings } from './runaway/act.ts';
import type { KillHooks } from './runaway/killSwitch.ts';
import { reconcileIntents, updateSavings } from './runaway/reconcile.ts';
import { sweepTarget, type SweepOptions, type TargetSweep } from './runaway/sweep.ts';
import type { Job } from './types.ts';

export interface RunawayJobOptions {
  sweep?: SweepOptions;
  /** Crash-injection seams for tests. */
  hooks?: KillHooks;
}

/** Runaway sweep: reconcile → per account-region two-stage metrics and detectors → kill switch → incidents. */
export function createRunawayJob(opts: RunawayJobOptions = {}): Job {
  return {
    id: 'runaway',
    description: 'Detect runaway Lambda functions from minute-level CloudWatch metrics and throttle them to 0 (kill switch).',
    async run(ctx) {
      const { config, repos, clock } = ctx;
      await ensureAccounts(ctx);
      // Never the management account, never an excluded one: sandboxTargets filters both.
      const targets = sandboxTargets(ctx);
      const reconciled = await reconcileIntents(ctx, new Set(targets.map((t) => t.accountId)));
      ctx.progress.start(targets.length, 'runaway sweep');
      const done = await forEachTarget(targets, config.aws.concurrency, async (t) => {
        const r = await sweepTarget(ctx, t, opts.sweep);
        ctx.progress.tick(`${t.accountId} ${t.region}`);
        return r;
      }, (e) => ctx.recordError(e.accountId, e.region, e.cause instanceof WardenError ? e.message : describeAwsError(e.cause)));
      ctx.progress.done();
      const swept: TargetSweep[] = done.map((d) => d.result);
      const acted = await actOnFindings(ctx, done.map((d) => ({ target: d.target, evaluated: d.result.evaluated })), opts.hooks);
      updateSavings(ctx);
      const cutoff = new Date(clock.now().getTime() - config.runaway.retentionDays * 86_400_000).toISOString();
      const pruned = repos.runaway.samples.prune(cutoff);
      const snap = ctx.session.meter.snapshot();
      return {
        findings: acted.findings,
        metricsRequested: snap.metricsRequested,
        metricsCostUsd: formatAmount(snap.apiCostNano, 2),
        targets: targets.length,
        drilledDown: swept.filter((s) => s.drilled).length,
        functions: swept.reduce((n, s) => n + s.functions, 0),
        inventoryRefreshed: swept.filter((s) => s.inventoryRefreshed).length,
        rejectedPoints: swept.reduce((n, s) => n + s.rejectedPoints, 0),
        killed: acted.killed,
        breakerTripped: acted.breakerTripped,
        reconciled,
        samplesPruned: pruned,
      };
    },
  };
}

export const runawayJob = createRunawayJob();
