import { z } from 'zod';

export type OwnerRule = 'tag' | 'account-email' | 'fallback' | 'none';

export interface OwnerResolution {
  owners: string[];
  rule: OwnerRule;
  /** Human-readable: which rule picked the owner, and what was skipped on the way. */
  explanation: string;
}

const emailSchema = z.email();
export const isEmail = (s: string): boolean => emailSchema.safeParse(s).success;

/** Splits an owner tag on ',', ';' and whitespace; lower-cases so one developer is one recipient. */
export function splitAddresses(value: string): { valid: string[]; invalid: string[] } {
  const parts = value.split(/[,;\s]+/).map((p) => p.trim()).filter(Boolean);
  const valid: string[] = [];
  const invalid: string[] = [];
  for (const p of parts) {
    if (isEmail(p)) {
      const a = p.toLowerCase();
      if (!valid.includes(a)) valid.push(a);
    } else invalid.push(p);
  }
  return { valid, invalid };
}

/**
 * Owner tag keys in order (first tag with at least one valid address wins) → the sandbox account's email from
 * Organizations → idle.fallbackOwner. Invalid addresses are skipped and mentioned in the explanation.
 */
export function resolveOwner(tags: Record<string, string>, opts: { tagKeys: readonly string[]; accountEmail?: string | null; fallback?: string | null }): OwnerResolution {
  const skipped: string[] = [];
  for (const key of opts.tagKeys) {
    const value = tags[key];
    if (value === undefined) continue;
    const { valid, invalid } = splitAddresses(value);
    if (invalid.length) skipped.push(`tag ${key}="${value}" holds ${invalid.length === 1 ? 'a value that is' : 'values that are'} not an email (${invalid.join(', ')})`);
    if (valid.length) {
      return { owners: valid, rule: 'tag', explanation: [`from tag ${key}`, ...skipped].join('; ') };
    }
  }
  const email = opts.accountEmail?.trim();
  if (email && isEmail(email)) return { owners: [email.toLowerCase()], rule: 'account-email', explanation: ['the sandbox account email (no owner tag)', ...skipped].join('; ') };
  if (opts.fallback) return { owners: [opts.fallback.toLowerCase()], rule: 'fallback', explanation: ['idle.fallbackOwner (no owner tag, no account email)', ...skipped].join('; ') };
  return { owners: [], rule: 'none', explanation: ['no owner found', ...skipped].join('; ') };
}
