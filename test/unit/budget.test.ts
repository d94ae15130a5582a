import { describe, expect, it } from 'vitest';
import { budgetSeverity, newCrossings } from '../../jobs/spend/budget.ts';
import { projectMonthEnd } from '../../jobs/spend/forecast.ts';
import { fromUsd } from '../../core/money.ts';

const budget = fromUsd(200);

describe('budget thresholds', () => {
  it('reports each threshold crossed by actual and by forecast, once', () => {
    const fresh = newCrossings({ actualNano: fromUsd(100), forecastNano: fromUsd(210), budgetNano: budget, thresholds: [100, 50, 80], already: new Set() });
    expect(fresh).toEqual([
      { basis: 'actual', threshold: 50 },
      { basis: 'forecast', threshold: 50 }, { basis: 'forecast', threshold: 80 }, { basis: 'forecast', threshold: 100 },
    ]);
    const again = newCrossings({ actualNano: fromUsd(100), forecastNano: fromUsd(210), budgetNano: budget, thresholds: [50, 80, 100], already: new Set(fresh.map((c) => `${c.basis}:${c.threshold}`)) });
    expect(again).toEqual([]);
  });

  it('counts exactly at the threshold and not a nano-dollar below', () => {
    const at = newCrossings({ actualNano: fromUsd(160), forecastNano: 0n, budgetNano: budget, thresholds: [80], already: new Set() });
    const below = newCrossings({ actualNano: fromUsd(160) - 1n, forecastNano: 0n, budgetNano: budget, thresholds: [80], already: new Set() });
    expect(at).toEqual([{ basis: 'actual', threshold: 80 }]);
    expect(below).toEqual([]);
  });

  it('grades severity by how bad the worst crossing is', () => {
    expect(budgetSeverity([{ basis: 'forecast', threshold: 50 }])).toBe('info');
    expect(budgetSeverity([{ basis: 'forecast', threshold: 100 }])).toBe('warning');
    expect(budgetSeverity([{ basis: 'actual', threshold: 80 }])).toBe('warning');
    expect(budgetSeverity([{ basis: 'forecast', threshold: 100 }, { basis: 'actual', threshold: 100 }])).toBe('critical');
  });
});

describe('month-end projection', () => {
  it('adds the recent daily run rate for the days left in the month', () => {
    // 2026-12-11: 10 days complete, 21 left; $5/day over the last 7 days
    const f = projectMonthEnd({ today: '2026-12-11', actualNano: fromUsd(40), recentNano: fromUsd(35), recentDays: 7 });
    expect(f).toBe(fromUsd(40 + 21 * 5));
  });

  it('uses the last days of the previous month on the 1st', () => {
    const f = projectMonthEnd({ today: '2027-02-01', actualNano: 0n, recentNano: fromUsd(14), recentDays: 7 });
    expect(f).toBe(fromUsd(28 * 2));
  });

  it('is the actual when there is no recent data', () => {
    expect(projectMonthEnd({ today: '2026-12-11', actualNano: fromUsd(3), recentNano: 0n, recentDays: 0 })).toBe(fromUsd(3));
  });
});
