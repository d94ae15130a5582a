import type { AccountRow } from '../../db/repos/accounts.ts';
import type { FunctionRow } from '../../db/repos/runawayInventory.ts';
import { accountSeriesKey, type SampleRow } from '../../db/repos/runawaySamples.ts';
import type { JobContext } from '../types.ts';
import { minuteIso } from './detectors/series.ts';
import type { FunctionFacts, MinuteSeries } from './detectors/types.ts';
import { evaluateFunction, type Evaluation } from './evaluate.ts';
import { refreshInventory, shouldRefresh } from './inventoryCache.ts';
import { ACCOUNT_METRICS, fetchSeries, functionRequests, metricWindow, toSeries, type Window } from './metrics.ts';
import { policyFor, type FunctionPolicy } from './policy.ts';
import { accountBurnBoundUsdPerHour } from './prices.ts';

export interface Target {
  accountId: string;
  region: string;
  account: AccountRow;
}

export interface Evaluated {
  fn: FunctionRow;
  policy: FunctionPolicy;
  evaluation: Evaluation;
  series: MinuteSeries;
}

export interface TargetSweep {
  accountId: string;
  region: string;
  functions: number;
  drilled: boolean;
  inventoryRefreshed: boolean;
  rejectedPoints: number;
  evaluated: Evaluated[];
}

export interface SweepOptions {
  /** The per-function design (every function, every metric, every sweep): for the benchmark's comparison. */
  alwaysDrill?: boolean;
}

const facts = (f: FunctionRow): FunctionFacts => ({ arn: f.arn, name: f.name, accountId: f.accountId, region: f.region, memoryMb: f.memoryMb, architecture: f.architecture, tags: f.tags, sources: f.sources, refs: f.refs });

function samples(series: string, w: Window, rec: Record<string, Array<number | null>> | undefined, keys: Record<string, keyof SampleRow>): SampleRow[] {
  const rows: SampleRow[] = [];
  for (let i = 0; i < w.minutes; i++) {
    const row: SampleRow = { series, at: new Date(w.start + i * 60_000).toISOString(), invocations: null, errors: null, throttles: null, durationAvg: null, concurrency: null, recursiveDropped: null };
    let any = false;
    for (const [metric, column] of Object.entries(keys)) {
      const v = rec?.[metric]?.[i];
      if (v !== null && v !== undefined) ((row as unknown as Record<string, number>)[column] = v), (any = true);
    }
    if (any) rows.push(row);
  }
  return rows;
}

const FUNCTION_COLUMNS = { invocations: 'invocations', errors: 'errors', throttles: 'throttles', durationAvg: 'durationAvg', concurrency: 'concurrency', recursiveDropped: 'recursiveDropped' } as const;
const ACCOUNT_COLUMNS = { invocations: 'invocations', concurrency: 'concurrency', recursiveDropped: 'recursiveDropped' } as const;

/**
 * Stage 1 decision: could any function of this account-region be near one of its limits? A function's count is at
 * most the account's, and a function growing by `factor` above `floor` adds at least (1 - 1/factor) x floor a minute
 * to the account total; so the account series bound the per-function detectors (drilldownFraction gives margin).
 */
function needsDrill(ctx: JobContext, fns: Array<{ fn: FunctionRow; policy: FunctionPolicy }>, acc: Record<string, Array<number | null>>): boolean {
  if (fns.length === 0) return false;
  const f = ctx.config.runaway.drilldownFraction;
  const min = (pick: (p: FunctionPolicy['params']) => number) => Math.min(...fns.map(({ policy }) => pick(policy.params)));
  const minRate = min((p) => p.rate!.invocationsPerMinute!);
  const minStep = min((p) => (1 - 1 / p.growth!.factor!) * p.growth!.floorPerMinute!);
  const growthMinutes = min((p) => p.growth!.minutes!);
  const minBurn = min((p) => p.burn!.usdPerHour!);
  const minDropped = min((p) => p['recursion-dropped']!.minDropped!);
  const maxMem = Math.max(...fns.map(({ fn }) => fn.memoryMb));
  const inv = acc.invocations ?? [];
  let dropped = 0;
  let rising = 0;
  for (let i = 0; i < inv.length; i++) {
    const n = inv[i] ?? 0;
    const bound = accountBurnBoundUsdPerHour(n, acc.durationSum?.[i] ?? 0, maxMem);
    const concurrencyBound = accountBurnBoundUsdPerHour(0, (acc.concurrency?.[i] ?? 0) * 60_000, maxMem);
    if (n >= minRate * f || Math.max(bound, concurrencyBound) >= minBurn * f) return true;
    // A missing minute (the unpublished newest ones) neither breaks nor extends a rise.
    if (inv[i] === null || inv[i] === undefined) continue;
    rising = i > 0 && n - (inv[i - 1] ?? 0) >= minStep * f ? rising + 1 : 0;
    if (rising >= growthMinutes) return true;
    dropped += acc.recursiveDropped?.[i] ?? 0;
  }
  return dropped >= minDropped;
}

const total = (a: Array<number | null> | undefined) => (a ?? []).reduce<number>((s, v) => s + (v ?? 0), 0);

/** One account-region: inventory (cached), stage 1 account-level metrics, stage 2 per-function metrics where needed, detectors. */
export async function sweepTarget(ctx: JobContext, t: Target, opts: SweepOptions = {}): Promise<TargetSweep> {
  const now = ctx.clock.now();
  const cw = ctx.session.member(t.accountId, 'cloudwatch', t.region);
  let refreshed = false;
  if (shouldRefresh(ctx, t, now)) refreshed = await refreshInventory(ctx, t);
  const w = metricWindow(now, ctx.config.runaway.lookbackMinutes);
  const withPolicy = () => ctx.repos.runaway.inventory.list(t.accountId, t.region).map((fn) => ({ fn, policy: policyFor(ctx.config.runaway, t.account, facts(fn), now, fn.cooldownUntil) }));
  let fns = withPolicy();
  let rejectedPoints = 0;
  let drilled = opts.alwaysDrill === true;
  let accountInvocations = 0;
  if (!drilled) {
    const acc = await fetchSeries(cw, Object.entries(ACCOUNT_METRICS).map(([metric, spec]) => ({ series: 'account', metric, spec })), w);
    rejectedPoints += acc.rejectedPoints;
    const rec = acc.values.get('account') ?? {};
    ctx.repos.runaway.samples.save(samples(accountSeriesKey(t.accountId, t.region), w, rec, ACCOUNT_COLUMNS));
    accountInvocations = total(rec.invocations);
    // Invocations but no known function: one appeared since the last inventory.
    if (fns.length === 0 && accountInvocations > 0 && !refreshed) {
      refreshed = await refreshInventory(ctx, t);
      fns = withPolicy();
    }
    drilled = needsDrill(ctx, fns, rec);
  }
  const evaluated: Evaluated[] = [];
  const burns: Array<{ arn: string; burnNanoPerHour: bigint }> = [];
  if (drilled) {
    const per = await fetchSeries(cw, fns.flatMap(({ fn }) => functionRequests(fn.arn, fn.name)), w);
    rejectedPoints += per.rejectedPoints;
    let values = per.values;
    const explained = fns.reduce((s, { fn }) => s + total(values.get(fn.arn)?.invocations), 0);
    if (!opts.alwaysDrill && !refreshed && accountInvocations - explained > Math.max(1, accountInvocations * 0.05)) {
      refreshed = await refreshInventory(ctx, t);
      const known = new Set(fns.map(({ fn }) => fn.arn));
      fns = withPolicy();
      const fresh = await fetchSeries(cw, fns.filter(({ fn }) => !known.has(fn.arn)).flatMap(({ fn }) => functionRequests(fn.arn, fn.name)), w);
      values = new Map([...values, ...fresh.values]);
    }
    const rows: SampleRow[] = [];
    for (const { fn, policy } of fns) {
      const series = toSeries(w, values.get(fn.arn));
      rows.push(...samples(fn.arn, w, values.get(fn.arn), FUNCTION_COLUMNS));
      const evaluation = evaluateFunction(facts(fn), series, policy);
      evaluated.push({ fn, policy, evaluation, series });
      burns.push({ arn: fn.arn, burnNanoPerHour: BigInt(Math.round(evaluation.burnUsdPerHour * 1e9)) });
    }
    ctx.repos.runaway.samples.save(rows);
  } else {
    // Below the drill-down threshold every function's burn is below drilldownFraction x the lowest burn limit.
    for (const { fn } of fns) burns.push({ arn: fn.arn, burnNanoPerHour: 0n });
  }
  ctx.repos.runaway.inventory.setBurn(burns, now.toISOString());
  ctx.log.debug({ accountId: t.accountId, region: t.region, functions: fns.length, drilled, window: `${minuteIso(toSeries(w, undefined), 0)}+${w.minutes}m` }, 'runaway target swept');
  return { accountId: t.accountId, region: t.region, functions: fns.length, drilled, inventoryRefreshed: refreshed, rejectedPoints, evaluated };
}
