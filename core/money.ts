import { BadResponseError } from './errors.ts';

/**
 * Money is kept as integer nano-units (1e-9 of the currency) in BigInt/SQLite INTEGER, so sums never drift.
 * Cost Explorer returns up to 10 decimals; digits beyond the 9th are rounded half-to-even.
 * int64 nano-units hold up to ~9.2 billion per value, far above any sandbox bill.
 */
export const NANO_DIGITS = 9;
const SCALE = 10n ** BigInt(NANO_DIGITS);
const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

export function parseAmount(text: unknown, what = 'amount'): bigint {
  if (typeof text === 'number' && Number.isFinite(text)) text = String(text);
  if (typeof text !== 'string') throw new BadResponseError(`${what} is missing or not a string (got ${JSON.stringify(text)})`);
  const m = DECIMAL.exec(text.trim());
  if (!m) throw new BadResponseError(`${what} is not a decimal number: ${JSON.stringify(text)}`);
  const [, sign, intPart, fracPart = '', expPart] = m;
  const exp = expPart ? Number(expPart) : 0;
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 30) throw new BadResponseError(`${what} has an absurd exponent: ${text}`);
  let digits = (intPart ?? '0') + fracPart;
  let scale = fracPart.length - exp; // value = digits * 10^-scale
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  let value = BigInt(digits);
  if (scale > NANO_DIGITS) {
    const div = 10n ** BigInt(scale - NANO_DIGITS);
    const q = value / div;
    const r = value % div;
    const twice = r * 2n;
    value = twice > div || (twice === div && q % 2n === 1n) ? q + 1n : q;
  } else {
    value *= 10n ** BigInt(NANO_DIGITS - scale);
  }
  if (value > 9_000_000_000_000_000_000n) throw new BadResponseError(`${what} is out of range: ${text}`);
  return sign === '-' ? -value : value;
}

/** Decimal string with at least `minDigits` decimals, trailing zeros beyond that trimmed. */
export function formatAmount(nano: bigint | number, minDigits = 2): string {
  let v = BigInt(nano);
  const neg = v < 0n;
  if (neg) v = -v;
  const int = v / SCALE;
  let frac = (v % SCALE).toString().padStart(NANO_DIGITS, '0').replace(/0+$/, '');
  if (frac.length < minDigits) frac = frac.padEnd(minDigits, '0');
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** Rounded to cents, for display and alerts. */
export function formatCents(nano: bigint | number): string {
  const v = BigInt(nano);
  const cent = SCALE / 100n;
  const abs = v < 0n ? -v : v;
  const cents = (abs + cent / 2n) / cent;
  return `${v < 0n ? '-' : ''}${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;
}

export function toNumber(nano: bigint | number): number {
  return Number(nano) / Number(SCALE);
}

export function fromUsd(usd: number): bigint {
  return parseAmount(usd.toFixed(NANO_DIGITS));
}
