// The crash-point switch: off unless injected, fires once, at the nth reach of its own point only.
import { describe, expect, it } from 'vitest';
import { CRASH_POINTS, crashAt, isCrashPoint } from '../../core/crashPoints.ts';

describe('crash points', () => {
  it('kills at the nth reach of the chosen point and never for the others', () => {
    let kills = 0;
    const cp = crashAt({ point: 'runaway:after-put', nth: 3 }, () => kills++);
    for (const p of CRASH_POINTS) if (p !== 'runaway:after-put') cp.reach(p);
    cp.reach('runaway:after-put');
    cp.reach('runaway:after-put');
    expect(kills).toBe(0);
    cp.reach('runaway:after-put');
    expect(kills).toBe(1);
    cp.reach('runaway:after-put');
    expect(kills).toBe(1);
  });

  it('knows its names', () => {
    expect(CRASH_POINTS.every(isCrashPoint)).toBe(true);
    expect(isCrashPoint('runaway:somewhere-else')).toBe(false);
  });
});
