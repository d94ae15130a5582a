import type { RunawayConfig } from '../../config/sections/runaway.ts';
import { DETECTORS } from './detectors/index.ts';
import { loopSuspicions } from './detectors/topology.ts';
import type { FunctionFacts, Params } from './detectors/types.ts';

export type Mode = 'enforce' | 'dry-run';
type Partials = Partial<Record<string, Partial<Params> | undefined>>;

export interface AccountPlace {
  id: string;
  ouId: string | null;
  ouPath: string | null;
}

export interface Exemption {
  exempt: boolean;
  why: string | null;
}

export interface FunctionPolicy {
  mode: Mode;
  exemption: Exemption;
  /** Effective limits per detector id, after the suspect factor and the cool-down margin. */
  params: Record<string, Params>;
  suspect: string[];
  inCooldown: boolean;
}

/** OU overrides that apply to an account, broadest first: by id of its parent OU, or by path prefix. */
function ouLevels(cfg: RunawayConfig, account: AccountPlace) {
  return Object.entries(cfg.overrides.ous)
    .filter(([key]) => key === account.ouId || (key.startsWith('Root') && account.ouPath !== null && (account.ouPath === key || account.ouPath.startsWith(`${key}/`))))
    .sort(([a], [b]) => a.length - b.length)
    .map(([, v]) => v);
}

export function modeFor(cfg: RunawayConfig, account: AccountPlace): Mode {
  let mode: Mode = cfg.mode;
  for (const l of [...ouLevels(cfg, account), cfg.overrides.accounts[account.id]]) if (l?.mode) mode = l.mode;
  return mode;
}

const TRUE = new Set(['', 'true', 'yes', '1', 'on']);
const FALSE = new Set(['false', 'no', '0', 'off']);

/**
 * The exempt tag: true/yes/1/empty = exempt, false/no/0 = not, an ISO date = exempt until then. Anything else is
 * malformed and counts as exempt (the developer meant to protect the function) with the reason saying so.
 */
export function parseExemptTag(key: string, value: string | undefined, now: Date): Exemption {
  if (value === undefined) return { exempt: false, why: null };
  const v = value.trim().toLowerCase();
  if (TRUE.has(v)) return { exempt: true, why: `tagged ${key}=${value}` };
  if (FALSE.has(v)) return { exempt: false, why: null };
  if (/^\d{4}-\d{2}-\d{2}(t[\d:.]+z?)?$/.test(v) && !Number.isNaN(Date.parse(value))) {
    const until = Date.parse(value);
    return until > now.getTime() ? { exempt: true, why: `tagged ${key} until ${value}` } : { exempt: false, why: null };
  }
  return { exempt: true, why: `tagged ${key}=${JSON.stringify(value)} (malformed value: treated as exempt; use true, false or an ISO date)` };
}

export function arnMatches(pattern: string, arn: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(arn);
}

export function exemptionFor(cfg: RunawayConfig, fn: FunctionFacts, now: Date): Exemption {
  const allowed = cfg.allowFunctions.find((p) => arnMatches(p, fn.arn));
  if (allowed) return { exempt: true, why: `listed in runaway.allowFunctions (${allowed})` };
  return parseExemptTag(cfg.exemptTagKey, fn.tags[cfg.exemptTagKey], now);
}

function merge(into: Record<string, Params>, partial: Partials | undefined): void {
  if (!partial) return;
  for (const [id, p] of Object.entries(partial)) {
    if (!p || !into[id]) continue;
    for (const [k, v] of Object.entries(p)) if (typeof v === 'number') into[id]![k] = v;
  }
}

/** Limits: detector defaults < runaway.detectors < OU < account < function tag; then lowered for a suspect, raised in cool-down. */
export function policyFor(cfg: RunawayConfig, account: AccountPlace, fn: FunctionFacts, now: Date, cooldownUntil: string | null): FunctionPolicy {
  const params: Record<string, Params> = Object.fromEntries(DETECTORS.map((d) => [d.id, { ...d.defaults }]));
  merge(params, cfg.detectors as Partials);
  for (const l of ouLevels(cfg, account)) merge(params, l.detectors as Partials);
  merge(params, cfg.overrides.accounts[account.id]?.detectors as Partials);
  for (const t of cfg.overrides.tags) {
    if (fn.tags[t.key] !== undefined && (t.value === undefined || fn.tags[t.key] === t.value)) merge(params, t.detectors as Partials);
  }
  const suspect = loopSuspicions(fn);
  const inCooldown = cooldownUntil !== null && Date.parse(cooldownUntil) > now.getTime();
  const factor = (suspect.length ? params.topology!.thresholdFactor! : 1) * (inCooldown ? cfg.cooldownMargin : 1);
  if (factor !== 1) {
    for (const d of DETECTORS) for (const k of d.limits) params[d.id]![k] = params[d.id]![k]! * factor;
  }
  return { mode: modeFor(cfg, account), exemption: exemptionFor(cfg, fn, now), params, suspect, inCooldown };
}
