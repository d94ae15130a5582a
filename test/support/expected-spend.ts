// Expected spend figures derived from the simulator's records, with Warden's documented storage rule:
// each (account, day, service) amount as Cost Explorer reports it, rounded half-to-even to 9 decimals, then summed.
import { parseDecimal } from './sim/decimal.ts';
import type { SpendRecord } from './sim/types.ts';

function roundTenthsHalfEven(u: bigint): bigint {
  const neg = u < 0n;
  const a = neg ? -u : u;
  const q = a / 10n;
  const r = a % 10n;
  const rounded = r > 5n || (r === 5n && q % 2n === 1n) ? q + 1n : q;
  return neg ? -rounded : rounded;
}

/** Exact nano-unit totals per account of the usage stream (no credits) over [start, end). */
export function expectedUsageNano(records: readonly SpendRecord[], start: string, end: string, accounts?: Set<string>): Map<string, bigint> {
  const cells = new Map<string, bigint>();
  for (const r of records) {
    if (r.recordType !== 'Usage' || r.date < start || r.date >= end) continue;
    if (accounts && !accounts.has(r.accountId)) continue;
    const key = `${r.accountId}|${r.date}|${r.service}`;
    cells.set(key, (cells.get(key) ?? 0n) + parseDecimal(r.amount));
  }
  const totals = new Map<string, bigint>();
  for (const [key, tenths] of cells) {
    const id = key.split('|')[0]!;
    totals.set(id, (totals.get(id) ?? 0n) + roundTenthsHalfEven(tenths));
  }
  return totals;
}
