import { describe, expect, it } from 'vitest';
import { burnDetector } from '../../../jobs/runaway/detectors/burn.ts';
import { growthDetector } from '../../../jobs/runaway/detectors/growth.ts';
import { rateDetector } from '../../../jobs/runaway/detectors/rate.ts';
import { recursionDroppedDetector } from '../../../jobs/runaway/detectors/recursionDropped.ts';
import { completeLength, valueAt } from '../../../jobs/runaway/detectors/series.ts';
import { DETECTORS } from '../../../jobs/runaway/detectors/index.ts';
import { burnSeries } from '../../../jobs/runaway/evaluate.ts';
import { burnUsdPerHour, LAMBDA_PRICES } from '../../../jobs/runaway/prices.ts';
import { fn, series } from './helpers.ts';

const run = (d: typeof rateDetector, s: ReturnType<typeof series>, params = d.defaults, f = fn()) => d.evaluate({ fn: f, series: s, burn: burnSeries(f, s), params });

describe('registry', () => {
  it('lists each detector once with schema, defaults that pass it, and permissions', () => {
    expect(new Set(DETECTORS.map((d) => d.id)).size).toBe(DETECTORS.length);
    for (const d of DETECTORS) {
      expect(d.parameters.parse(d.defaults)).toEqual(d.defaults);
      expect(d.permissions.length).toBeGreaterThan(0);
      for (const k of Object.keys(d.defaults)) expect(d.parameters.safeParse({ ...d.defaults, [k]: 0 }).success).toBe(false);
    }
  });
});

describe('series', () => {
  it('treats a missing tail as unknown and an inner gap of a count as zero', () => {
    const s = series({ invocations: [5, null, 7, null, null] });
    expect(completeLength(s)).toBe(3);
    expect(valueAt(s, 'invocations', 1)).toBe(0);
    expect(valueAt(s, 'invocations', 4)).toBeNull();
    expect(valueAt(s, 'durationAvg', 1)).toBeNull();
  });
});

describe('rate', () => {
  const limit = rateDetector.defaults.invocationsPerMinute!;
  it('fires above the limit in the newest known minute, even when the newest minutes are missing', () => {
    const f = run(rateDetector, series({ invocations: [10, 20, limit + 1, null, null] }));
    expect(f).toMatchObject({ detector: 'rate', kill: true, evidence: { observed: limit + 1, threshold: limit } });
    expect(f!.evidence.points.at(-1)).toEqual({ at: '2026-03-15T10:02:00.000Z', value: limit + 1 });
  });
  it('stays quiet at the limit and for an old spike', () => {
    expect(run(rateDetector, series({ invocations: [10, limit, 10] }))).toBeNull();
    expect(run(rateDetector, series({ invocations: [limit * 3, 10, 10, 10] }))).toBeNull();
  });
});

describe('growth', () => {
  const { factor, minutes, floorPerMinute } = growthDetector.defaults as { factor: number; minutes: number; floorPerMinute: number };
  const doubling = (from: number, n: number) => Array.from({ length: n }, (_, i) => from * 2 ** i);
  it('fires on doubling for `minutes` minutes above the floor', () => {
    // 25, 50, 100, 200: two growing minutes at or above the floor (100, 200); 400 makes the third.
    expect(run(growthDetector, series({ invocations: doubling(25, 4) }))).toBeNull();
    const f = run(growthDetector, series({ invocations: doubling(25, 5) }));
    expect(f).toMatchObject({ detector: 'growth', kill: true, evidence: { threshold: factor, observed: 2 } });
    expect(f!.summary).toContain(`${minutes} minutes`);
    expect(floorPerMinute).toBe(100);
  });
  it('does not read a missing newest minute as a drop, and tolerates one partial newest minute', () => {
    expect(run(growthDetector, series({ invocations: [...doubling(25, 5), null, null] }))).not.toBeNull();
    expect(run(growthDetector, series({ invocations: [...doubling(25, 5), 120] }))).not.toBeNull();
  });
  it('ignores a one-off spike and linear growth', () => {
    expect(run(growthDetector, series({ invocations: [50, 50, 3000, 50, 50] }))).toBeNull();
    expect(run(growthDetector, series({ invocations: Array.from({ length: 20 }, (_, i) => 1000 + 50 * i) }))).toBeNull();
  });
});

describe('burn', () => {
  it('prices requests and GB-seconds per architecture', () => {
    const x86 = burnUsdPerHour({ invocationsPerMinute: 1000, durationAvgMs: 2000, memoryMb: 2048, architecture: 'x86_64' });
    expect(x86).toBeCloseTo((1000 * LAMBDA_PRICES.requestUsd + 1000 * 2 * 2 * LAMBDA_PRICES.gbSecondUsd.x86_64) * 60, 9);
    expect(burnUsdPerHour({ invocationsPerMinute: 1000, durationAvgMs: 2000, memoryMb: 2048, architecture: 'arm64' })).toBeLessThan(x86);
  });
  it('fires when the estimate stays above the limit for `minutes` minutes', () => {
    const f = fn({ memoryMb: 3008 });
    // 600 invocations of 10 s at 3008 MB: 600*10*2.9375 GB-s per minute.
    const perHour = burnUsdPerHour({ invocationsPerMinute: 600, durationAvgMs: 10_000, memoryMb: 3008, architecture: 'x86_64' });
    const s = series({ invocations: [600, 600, 600], durationAvg: [10_000, 10_000, 10_000] });
    const hit = run(burnDetector, s, { usdPerHour: perHour - 1, minutes: 2 }, f);
    expect(hit).toMatchObject({ detector: 'burn', kill: true });
    expect(hit!.evidence.observed).toBeCloseTo(perHour, 3);
    expect(run(burnDetector, s, { usdPerHour: perHour + 1, minutes: 2 }, f)).toBeNull();
    expect(run(burnDetector, series({ invocations: [0, 600], durationAvg: [null, 10_000] }), { usdPerHour: perHour - 1, minutes: 2 }, f)).toBeNull();
  });
});

describe('recursion-dropped', () => {
  it('alerts (never kills) when AWS dropped recursive invocations', () => {
    const f = run(recursionDroppedDetector, series({ invocations: [5, 5, 5], recursiveDropped: [null, 3, 4] }));
    expect(f).toMatchObject({ detector: 'recursion-dropped', kill: false, evidence: { observed: 7 } });
    expect(run(recursionDroppedDetector, series({ invocations: [5, 5] }))).toBeNull();
  });
});
