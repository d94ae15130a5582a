/** Tags as the SDK returns them: keys or values can be missing, duplicated or not strings in bad data. */
export interface RawTag {
  Key?: unknown;
  Value?: unknown;
}

export interface NormalizedTags {
  tags: Record<string, string>;
  /** One line per tag that was dropped, for the report. */
  malformed: string[];
}

const MAX_KEY = 128;
const MAX_VALUE = 256;

/** Keeps well-formed tags (string key ≤128, string value ≤256; first of duplicates wins) and says what was dropped. */
export function normalizeTags(raw: unknown): NormalizedTags {
  const tags: Record<string, string> = {};
  const malformed: string[] = [];
  if (raw === undefined || raw === null) return { tags, malformed };
  if (!Array.isArray(raw)) return { tags, malformed: ['tag list is not an array'] };
  for (const t of raw as RawTag[]) {
    const key = t?.Key;
    const value = t?.Value ?? '';
    if (typeof key !== 'string' || key.trim() === '' || key.length > MAX_KEY) {
      malformed.push(`tag with invalid key ${JSON.stringify(key)}`);
      continue;
    }
    if (typeof value !== 'string' || value.length > MAX_VALUE) {
      malformed.push(`tag ${key} has a non-string or oversized value`);
      continue;
    }
    if (key in tags) {
      if (tags[key] !== value) malformed.push(`tag ${key} appears twice with different values`);
      continue;
    }
    tags[key] = value;
  }
  return { tags, malformed };
}

/** Parses an expiry tag value: YYYY-MM-DD (end of that UTC day) or a full ISO date-time. */
export function parseExpiry(value: string): Date | undefined {
  const v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const t = Date.parse(`${v}T23:59:59.999Z`);
    return Number.isFinite(t) && new Date(t).toISOString().startsWith(v) ? new Date(t) : undefined;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v)) {
    const t = Date.parse(v);
    return Number.isFinite(t) ? new Date(t) : undefined;
  }
  return undefined;
}
