import { describe, expect, it } from 'vitest';
import { parsePage, streamRequest, type ParsedRow } from '../../jobs/spend/costExplorer.ts';

const page = (groups: unknown[], extra: Record<string, unknown> = {}) => ({
  $metadata: {},
  ResultsByTime: [{ TimePeriod: { Start: '2026-11-02', End: '2026-11-03' }, Estimated: false, Groups: groups, ...extra }],
});
const group = (amount: unknown, unit: unknown = 'USD', keys = ['111122223333', 'AWS Lambda']) => ({ Keys: keys, Metrics: { UnblendedCost: { Amount: amount, Unit: unit } } });

describe('Cost Explorer page parsing', () => {
  it('sums duplicate groups exactly and keeps the estimated flag', () => {
    const rows = new Map<string, ParsedRow>();
    parsePage(page([group('1.1'), group('2.2')], { Estimated: true }) as never, 'UnblendedCost', rows);
    const [row] = [...rows.values()];
    expect(row).toMatchObject({ accountId: '111122223333', day: '2026-11-02', key: 'AWS Lambda', amountNano: 3_300_000_000n, unit: 'USD', estimated: true });
  });

  it('keeps another currency as its own row', () => {
    const rows = new Map<string, ParsedRow>();
    parsePage(page([group('1', 'USD'), group('2', 'EUR')]) as never, 'UnblendedCost', rows);
    expect([...rows.values()].map((r) => r.unit).sort()).toEqual(['EUR', 'USD']);
  });

  it.each([
    [group(undefined), /Groups\[0\]\.Metrics\.UnblendedCost\.Amount is missing/],
    [group('abc'), /Amount is not a decimal number: "abc"/],
    [group('1', 'dollars'), /Unit is not a currency code: "dollars"/],
    [group('1', 'USD', ['not-an-account', 'x']), /Keys\[0\] is not an account id/],
    [{ Keys: ['111122223333', 'x'], Metrics: {} }, /Metrics\.UnblendedCost is missing/],
  ])('rejects a malformed group (%#) naming the field', (g, message) => {
    expect(() => parsePage(page([g]) as never, 'UnblendedCost', new Map())).toThrow(message);
  });

  it('rejects a response without ResultsByTime or a day', () => {
    expect(() => parsePage({ $metadata: {} } as never, 'UnblendedCost', new Map())).toThrow(/no ResultsByTime/);
    expect(() => parsePage({ $metadata: {}, ResultsByTime: [{ Groups: [] }] } as never, 'UnblendedCost', new Map())).toThrow(/TimePeriod\.Start is missing/);
  });

  it('asks for usage without credits, and credits apart', () => {
    const usage = streamRequest('usage', '2026-11-01', '2026-11-15', 'UnblendedCost');
    const credits = streamRequest('credits', '2026-11-01', '2026-11-15', 'UnblendedCost');
    expect(usage.GroupBy?.map((g) => g.Key)).toEqual(['LINKED_ACCOUNT', 'SERVICE']);
    expect(usage.Filter).toEqual({ Not: { Dimensions: { Key: 'RECORD_TYPE', Values: ['Credit', 'Refund'] } } });
    expect(credits.GroupBy?.map((g) => g.Key)).toEqual(['LINKED_ACCOUNT', 'RECORD_TYPE']);
    expect(credits.Filter).toEqual({ Dimensions: { Key: 'RECORD_TYPE', Values: ['Credit', 'Refund'] } });
  });
});
