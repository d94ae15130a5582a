// UTC calendar-day helpers on 'YYYY-MM-DD' strings.

const DAY_MS = 86_400_000;

function toMs(day: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new Error(`expected YYYY-MM-DD, got '${day}'`);
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`invalid date '${day}'`);
  return ms;
}

export function addDays(day: string, n: number): string {
  return new Date(toMs(day) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Days in [start, end), end excluded. */
export function daysInRange(start: string, end: string): string[] {
  const out: string[] = [];
  for (let ms = toMs(start), stop = toMs(end); ms < stop; ms += DAY_MS) {
    out.push(new Date(ms).toISOString().slice(0, 10));
  }
  return out;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: string): number {
  return new Date(toMs(day)).getUTCDay();
}
