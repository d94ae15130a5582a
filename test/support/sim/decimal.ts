// Exact decimal arithmetic for money amounts, as Cost Explorer writes them ("12.3456789012").
// Amounts are held as BigInt counts of 1e-10 USD: never floats.
//
// Output format (formatDecimal): optional '-', integer digits, then '.' and up to 10 fraction
// digits with trailing zeros trimmed; no '.' when the fraction is zero. Examples: '12.3456789012',
// '0.5', '-3.25', '7', '0'.

export const DECIMAL_PLACES = 10;
const SCALE = 10n ** BigInt(DECIMAL_PLACES);

/** Parses '12.34', '-0.0000000001', '5' (at most 10 fraction digits) into scaled units. */
export function parseDecimal(text: string): bigint {
  const m = /^(-)?(\d+)(?:\.(\d{1,10}))?$/.exec(text.trim());
  if (!m) throw new Error(`not a decimal with at most ${DECIMAL_PLACES} places: '${text}'`);
  const units = BigInt(m[2] ?? '0') * SCALE + BigInt((m[3] ?? '').padEnd(DECIMAL_PLACES, '0'));
  return m[1] ? -units : units;
}

export function formatDecimal(units: bigint): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const int = abs / SCALE;
  const frac = (abs % SCALE).toString().padStart(DECIMAL_PLACES, '0').replace(/0+$/, '');
  const body = frac ? `${int}.${frac}` : `${int}`;
  return negative && abs !== 0n ? `-${body}` : body;
}

/** Exact sum of decimal strings, in the same format. */
export function sumDecimals(values: Iterable<string>): string {
  let total = 0n;
  for (const v of values) total += parseDecimal(v);
  return formatDecimal(total);
}
