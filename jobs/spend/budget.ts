import type { Severity } from '../../db/repos/alerts.ts';

export interface Crossing {
  basis: 'actual' | 'forecast';
  threshold: number;
}

/** Thresholds (percent of budget) the actual or forecast spend now meets that were not crossed before this month. */
export function newCrossings(input: { actualNano: bigint; forecastNano: bigint; budgetNano: bigint; thresholds: readonly number[]; already: Set<string> }): Crossing[] {
  const out: Crossing[] = [];
  if (input.budgetNano <= 0n) return out;
  for (const basis of ['actual', 'forecast'] as const) {
    const value = basis === 'actual' ? input.actualNano : input.forecastNano;
    for (const t of [...input.thresholds].sort((a, b) => a - b)) {
      // value / budget >= t / 100, in integers: value * 100 * 1000 >= t * 1000 * budget (t may have decimals)
      const crossed = value * 100_000n >= BigInt(Math.round(t * 1000)) * input.budgetNano;
      if (crossed && !input.already.has(`${basis}:${t}`)) out.push({ basis, threshold: t });
    }
  }
  return out;
}

/** Actual spend over budget is critical; actual at 80 % or a forecast over budget warns; the rest informs. */
export function budgetSeverity(crossed: Iterable<Crossing>): Severity {
  let sev: Severity = 'info';
  for (const c of crossed) {
    if (c.basis === 'actual' && c.threshold >= 100) return 'critical';
    if ((c.basis === 'actual' && c.threshold >= 80) || (c.basis === 'forecast' && c.threshold >= 100)) sev = 'warning';
  }
  return sev;
}

export function percentOf(valueNano: bigint, budgetNano: bigint): string {
  if (budgetNano <= 0n) return '0';
  return (Number((valueNano * 10_000n) / budgetNano) / 100).toFixed(1);
}
