import type { FindingInput } from '../../db/repos/idleFindings.ts';
import { deleteCommand } from './commands.ts';
import { resolveOwner } from './owner.ts';
import { parseExpiry } from './tags.ts';
import type { IdleCheck, MetricQuery, Resource, ResourceOf, ResourceType } from './types.ts';

export interface EnabledCheck {
  check: IdleCheck;
  params: Record<string, unknown>;
}

/** The checks switched on in idle.checks, with their parameters (already validated by the configuration). */
export function enabledChecks(checks: readonly IdleCheck[], config: Readonly<Record<string, Readonly<Record<string, unknown>>>>): EnabledCheck[] {
  return checks.flatMap((check) => {
    const params = config[check.id] ?? (check.parameters.parse({}) as Record<string, unknown>);
    return params.enabled === false ? [] : [{ check, params }];
  });
}

export function metricQueries(resources: Resource[], checks: EnabledCheck[]): MetricQuery[] {
  return resources.flatMap((r) => checks.flatMap(({ check, params }) => (check.appliesTo.includes(r.type) && check.metrics ? check.metrics(r, params) : [])));
}

export interface EvaluateOptions {
  now: Date;
  metrics: Map<string, number | null>;
  expiryTagKey: string;
  ownerTagKeys: readonly string[];
  accountEmail: string | null;
  fallbackOwner: string | null;
}

export interface Evaluation {
  findings: FindingInput[];
  /** Expiry tags whose value is not a date: no finding, reported. */
  badExpiry: string[];
}

/** Runs every enabled check over one account-region's resources and turns verdicts into findings with owners. */
export function evaluate(resources: Resource[], checks: EnabledCheck[], o: EvaluateOptions): Evaluation {
  const byId = new Map(resources.map((r) => [`${r.type}|${r.id}`, r]));
  const find = <T extends ResourceType>(type: T, id: string) => byId.get(`${type}|${id}`) as ResourceOf<T> | undefined;
  const metric = (key: string) => o.metrics.get(key) ?? null;
  const findings: FindingInput[] = [];
  const badExpiry: string[] = [];
  for (const r of resources) {
    const expiry = r.tags[o.expiryTagKey];
    if (expiry !== undefined && !parseExpiry(expiry)) badExpiry.push(`${r.arn}: ${o.expiryTagKey}=${JSON.stringify(expiry)} is not a date`);
    const owner = resolveOwner(r.tags, { tagKeys: o.ownerTagKeys, accountEmail: o.accountEmail, fallback: o.fallbackOwner });
    for (const { check, params } of checks) {
      if (!check.appliesTo.includes(r.type)) continue;
      const v = check.evaluate({ resource: r, params, now: o.now, metric, find, settings: { expiryTagKey: o.expiryTagKey } });
      if (!v) continue;
      findings.push({
        arn: r.arn, checkId: check.id, accountId: r.accountId, region: r.region, resourceType: r.type, resourceId: r.id, resourceName: r.name,
        owners: owner.owners, ownerRule: owner.rule, ownerNote: owner.explanation, monthlyNano: v.cost.nano, estimate: v.cost.estimate,
        costBasis: v.cost.basis, reason: v.reason, evidence: v.evidence, command: v.command ?? deleteCommand(r),
      });
    }
  }
  return { findings, badExpiry };
}
