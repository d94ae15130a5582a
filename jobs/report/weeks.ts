import { addDays } from '../../core/clock.ts';

/** Monday of the ISO week holding `day` ('YYYY-MM-DD', UTC). */
export function weekStartOf(day: string): string {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((dow + 6) % 7));
}

/** ISO 8601 week label of the week starting on Monday `weekStart`, e.g. '2026-W11'. */
export function isoWeekLabel(weekStart: string): string {
  const thursday = addDays(weekStart, 3); // the ISO year is the year of the week's Thursday
  const year = Number(thursday.slice(0, 4));
  const jan4 = `${year}-01-04`;
  const week1 = weekStartOf(jan4);
  const n = Math.round((Date.parse(`${weekStart}T00:00:00Z`) - Date.parse(`${week1}T00:00:00Z`)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(n).padStart(2, '0')}`;
}

/** Monday of the last complete ISO week before `today`'s week. */
export function lastCompleteWeek(today: string): string {
  return addDays(weekStartOf(today), -7);
}

/** `count` consecutive week starts ending with `lastWeekStart`, oldest first. */
export function weekStarts(lastWeekStart: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addDays(lastWeekStart, -7 * (count - 1 - i)));
}
