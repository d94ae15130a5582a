// The GetCostAndUsage responses AWS would return for simulated spend, page by page, for the two
// request streams the spend job makes per window, in this order:
//   'usage':   Granularity DAILY, GroupBy [LINKED_ACCOUNT, SERVICE],
//              Filter Not RECORD_TYPE in [Credit, Refund]      → Keys [accountId, service]
//   'credits': Granularity DAILY, GroupBy [LINKED_ACCOUNT, RECORD_TYPE],
//              Filter RECORD_TYPE in [Credit, Refund]          → Keys [accountId, 'Credit'|'Refund']
// moto answers each DISTINCT request body with the next queued result (the same body gets the
// same result again), so pages must be seeded in exactly the order the job requests them.
import type { Moto } from '../moto.ts';
import { addDays, daysInRange } from './dates.ts';
import { formatDecimal, parseDecimal } from './decimal.ts';
import type { SimAccount, SpendRecord } from './types.ts';

export type CeStream = 'usage' | 'credits';

export interface CeWindow {
  /** 'YYYY-MM-DD', inclusive */
  start: string;
  /** 'YYYY-MM-DD', exclusive (as the CE TimePeriod.End) */
  end: string;
}

export interface CePageOptions extends CeWindow {
  stream: CeStream;
  /** Days per page (default 7). */
  pageSize?: number;
  metric?: 'UnblendedCost';
  unit?: string;
  /** Days >= this are Estimated (default: the last 2 days of the window). */
  estimatedFrom?: string;
  /** Account names for DimensionValueAttributes (default: the account id). */
  accounts?: ReadonlyArray<Pick<SimAccount, 'id' | 'name'>>;
}

function inStream(r: SpendRecord, stream: CeStream): boolean {
  return stream === 'usage' ? r.recordType === 'Usage' : r.recordType === 'Credit' || r.recordType === 'Refund';
}

function secondKey(r: SpendRecord, stream: CeStream): string {
  return stream === 'usage' ? r.service : r.recordType;
}

/** Exact per-(day, account, key) sums of the stream's records within the window. */
function aggregate(records: readonly SpendRecord[], w: CeWindow & { stream: CeStream }): Map<string, Map<string, bigint>> {
  const byDay = new Map<string, Map<string, bigint>>();
  for (const r of records) {
    if (!inStream(r, w.stream) || r.date < w.start || r.date >= w.end) continue;
    const day = byDay.get(r.date) ?? new Map<string, bigint>();
    byDay.set(r.date, day);
    const key = `${r.accountId}\u0000${secondKey(r, w.stream)}`;
    day.set(key, (day.get(key) ?? 0n) + parseDecimal(r.amount));
  }
  return byDay;
}

/** Page objects exactly as GetCostAndUsage returns them (NextPageToken on all but the last). */
export function costAndUsagePages(records: readonly SpendRecord[], opts: CePageOptions): object[] {
  const days = daysInRange(opts.start, opts.end);
  if (days.length === 0) throw new Error(`empty window [${opts.start}, ${opts.end})`);
  const pageSize = opts.pageSize ?? 7;
  const metric = opts.metric ?? 'UnblendedCost';
  const unit = opts.unit ?? 'USD';
  const estimatedFrom = opts.estimatedFrom ?? addDays(opts.end, -2);
  const byDay = aggregate(records, opts);
  const names = new Map((opts.accounts ?? []).map((a) => [a.id, a.name]));

  const accountIds = new Set<string>();
  const results = days.map((day) => {
    const entries = [...(byDay.get(day) ?? new Map<string, bigint>())].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const Groups = entries.map(([key, units]) => {
      const [accountId = '', second = ''] = key.split('\u0000');
      accountIds.add(accountId);
      return { Keys: [accountId, second], Metrics: { [metric]: { Amount: formatDecimal(units), Unit: unit } } };
    });
    return { TimePeriod: { Start: day, End: addDays(day, 1) }, Total: {}, Groups, Estimated: day >= estimatedFrom };
  });
  const dimensionValueAttributes = [...accountIds].sort().map((id) => ({
    Value: id,
    Attributes: { description: names.get(id) ?? id },
  }));
  const groupDefinitions = [
    { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
    { Type: 'DIMENSION', Key: opts.stream === 'usage' ? 'SERVICE' : 'RECORD_TYPE' },
  ];

  const pages: object[] = [];
  const pageCount = Math.ceil(results.length / pageSize);
  for (let p = 0; p < pageCount; p++) {
    const page: Record<string, unknown> = {
      GroupDefinitions: groupDefinitions,
      ResultsByTime: results.slice(p * pageSize, (p + 1) * pageSize),
      DimensionValueAttributes: p === 0 ? dimensionValueAttributes : [],
    };
    if (p < pageCount - 1) {
      page.NextPageToken = Buffer.from(`${opts.stream}:${opts.start}:${opts.end}:${p + 1}`).toString('base64');
    }
    pages.push(page);
  }
  return pages;
}

/**
 * Exact total per account over the window for one stream, computed with BigInt.
 * Values use formatDecimal's format: up to 10 fraction digits, trailing zeros trimmed
 * ('12.3456789012', '0.5', '-3.25', '7'). Accounts with no records in the window are absent.
 */
export function expectedTotals(
  records: readonly SpendRecord[],
  w: CeWindow & { stream: CeStream },
): Map<string, string> {
  const units = new Map<string, bigint>();
  for (const r of records) {
    if (!inStream(r, w.stream) || r.date < w.start || r.date >= w.end) continue;
    units.set(r.accountId, (units.get(r.accountId) ?? 0n) + parseDecimal(r.amount));
  }
  return new Map([...units].map(([id, u]) => [id, formatDecimal(u)]));
}

export interface SpendWindow extends CeWindow {
  pageSize?: number;
  estimatedFrom?: string;
  accounts?: CePageOptions['accounts'];
  /** Account whose CE queue receives the pages: the caller's (default the management account). */
  callerAccountId?: string;
}

/** Seeds the window's 'usage' pages, then its 'credits' pages, into moto's CE queue. */
export async function seedSpendWindow(
  moto: Pick<Moto, 'seedCostAndUsage'>,
  records: readonly SpendRecord[],
  window: SpendWindow,
): Promise<{ usage: object[]; credits: object[] }> {
  const { callerAccountId, ...pageOpts } = window;
  const usage = costAndUsagePages(records, { ...pageOpts, stream: 'usage' });
  const credits = costAndUsagePages(records, { ...pageOpts, stream: 'credits' });
  await moto.seedCostAndUsage([...usage, ...credits], callerAccountId);
  return { usage, credits };
}
