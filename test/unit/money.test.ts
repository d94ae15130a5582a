import { describe, expect, it } from 'vitest';
import { formatAmount, formatCents, fromUsd, parseAmount } from '../../core/money.ts';
import { BadResponseError } from '../../core/errors.ts';

describe('money', () => {
  it('parses Cost Explorer amounts exactly into nano-units', () => {
    expect(parseAmount('12.3456789012')).toBe(12_345_678_901n); // 10th digit 2 rounds down
    expect(parseAmount('0.0000000015')).toBe(2n); // half to even: 1.5 → 2
    expect(parseAmount('0.0000000025')).toBe(2n); // 2.5 → 2
    expect(parseAmount('-3.5')).toBe(-3_500_000_000n);
    expect(parseAmount('1E-3')).toBe(1_000_000n);
    expect(parseAmount('7')).toBe(7_000_000_000n);
  });

  it('sums without drift where floats would', () => {
    const parts = Array.from({ length: 1000 }, () => '0.1');
    const exact = parts.reduce((a, p) => a + parseAmount(p), 0n);
    expect(formatAmount(exact)).toBe('100.00');
    expect(parts.reduce((a, p) => a + Number(p), 0)).not.toBe(100); // the reason for integers
  });

  it('rejects missing, non-numeric and absurd amounts with the field name', () => {
    expect(() => parseAmount(undefined, 'Groups[0].Amount')).toThrow(/Groups\[0\]\.Amount is missing/);
    expect(() => parseAmount('12,5', 'X')).toThrow(BadResponseError);
    expect(() => parseAmount('NaN', 'X')).toThrow(/not a decimal/);
    expect(() => parseAmount('1e40', 'X')).toThrow(/absurd exponent/);
    expect(() => parseAmount('99999999999999999999', 'X')).toThrow(/out of range/);
  });

  it('formats decimals and cents', () => {
    expect(formatAmount(1_500_000_000n)).toBe('1.50');
    expect(formatAmount(1_234_567_891n)).toBe('1.234567891');
    expect(formatAmount(-5n)).toBe('-0.000000005');
    expect(formatCents(1_005_000_000n)).toBe('1.01');
    expect(formatCents(-1_994_000_000n)).toBe('-1.99');
    expect(fromUsd(100)).toBe(100_000_000_000n);
  });
});
