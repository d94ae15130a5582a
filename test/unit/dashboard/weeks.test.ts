import { describe, expect, it } from 'vitest';
import { isoWeekLabel, lastCompleteWeek, weekStartOf, weekStarts } from '../../../jobs/report/weeks.ts';

describe('ISO weeks', () => {
  it('starts weeks on Monday, whatever the day', () => {
    for (const d of ['2026-03-16', '2026-03-18', '2026-03-22']) expect(weekStartOf(d)).toBe('2026-03-16');
    expect(weekStartOf('2026-03-23')).toBe('2026-03-23');
  });

  it('labels weeks by the year of their Thursday (ISO 8601), including week 53 and week 1 across new year', () => {
    expect(isoWeekLabel(weekStartOf('2026-01-01'))).toBe('2026-W01'); // a Thursday: week 1 starts 2025-12-29
    expect(weekStartOf('2026-01-01')).toBe('2025-12-29');
    expect(isoWeekLabel(weekStartOf('2021-01-03'))).toBe('2020-W53');
    expect(isoWeekLabel(weekStartOf('2024-12-30'))).toBe('2025-W01');
    expect(isoWeekLabel('2026-03-09')).toBe('2026-W11');
    expect(isoWeekLabel(weekStartOf('2027-01-01'))).toBe('2026-W53');
  });

  it('gives the last complete week and consecutive week starts, oldest first', () => {
    expect(lastCompleteWeek('2026-03-18')).toBe('2026-03-09');
    expect(lastCompleteWeek('2026-03-16')).toBe('2026-03-09');
    expect(weekStarts('2026-03-09', 3)).toEqual(['2026-02-23', '2026-03-02', '2026-03-09']);
  });
});
