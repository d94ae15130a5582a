import { addDays, daysBetween, daysInMonth, monthStart } from '../../core/clock.ts';

/**
 * Month-end projection when Cost Explorer's forecast is unavailable (or not wanted: it costs $0.01 per account):
 * month-to-date actual + remaining days × the average daily spend of the last 7 complete days
 * (fewer when the account's data starts later). `today` is the first day not yet complete.
 */
export const RUN_RATE_DAYS = 7;

export function runRateWindow(today: string): { from: string; to: string } {
  return { from: addDays(today, -RUN_RATE_DAYS), to: today };
}

export function projectMonthEnd(input: { today: string; actualNano: bigint; recentNano: bigint; recentDays: number }): bigint {
  const { today, actualNano, recentNano, recentDays } = input;
  const start = monthStart(today);
  const elapsed = daysBetween(start, today);
  const remaining = BigInt(daysInMonth(today) - elapsed);
  if (recentDays <= 0) return actualNano;
  const daily = recentNano / BigInt(recentDays);
  return actualNano + daily * remaining;
}
