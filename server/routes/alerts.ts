import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../core/errors.ts';
import type { AppDeps } from '../app.ts';
import { accountScope, canSee, requireAccount } from '../auth/viewer.ts';
import { integrations } from '../integrations.ts';
import { accountId, anyObject, idParam } from './schemas.ts';

export const alertSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' }, subject: { type: 'string' }, kind: { type: 'string' }, severity: { type: 'string' }, accountId: { type: ['string', 'null'] },
    accountName: { type: ['string', 'null'] }, resource: { type: ['string', 'null'] }, title: { type: 'string' }, state: { type: 'string' },
    openedAt: { type: 'string' }, updatedAt: { type: 'string' }, resolvedAt: { type: ['string', 'null'] }, evidence: anyObject,
  },
} as const;

export async function alertRoutes(app: FastifyInstance, opts: { deps: AppDeps }) {
  const { deps } = opts;
  const names = () => new Map(deps.repos.accounts.list().map((a) => [a.id, a.name]));

  app.get<{ Querystring: { state?: 'open' | 'resolved'; severity?: 'info' | 'warning' | 'critical'; account?: string; limit: number } }>('/api/alerts', {
    schema: {
      tags: ['incidents'], summary: 'Incidents with their evidence, open first',
      querystring: {
        type: 'object',
        properties: { state: { type: 'string', enum: ['open', 'resolved'] }, severity: { type: 'string', enum: ['info', 'warning', 'critical'] }, account: accountId, limit: { type: 'integer', minimum: 1, maximum: 1000, default: 200 } },
      },
      response: { 200: { type: 'object', properties: { alerts: { type: 'array', items: alertSchema } } } },
    },
  }, async (req) => {
    const q = req.query;
    if (q.account) requireAccount(deps, req.viewer!, q.account);
    const scope = accountScope(deps, req.viewer!);
    const n = names();
    const list = deps.repos.alerts.list({ state: q.state ?? null, severity: q.severity ?? null, accountId: q.account ?? null, limit: scope ? 1000 : q.limit });
    return { alerts: list.filter((a) => canSee(scope, a.accountId)).slice(0, q.limit).map((a) => ({ ...a, accountName: a.accountId ? (n.get(a.accountId) ?? null) : null })) };
  });

  app.get<{ Params: { id: number } }>('/api/alerts/:id', {
    schema: { tags: ['incidents'], summary: 'One incident', params: idParam, response: { 200: alertSchema } },
  }, async (req) => {
    const a = deps.repos.alerts.get(req.params.id);
    if (!a || !canSee(accountScope(deps, req.viewer!), a.accountId)) throw new NotFoundError(`no incident ${req.params.id}`);
    return { ...a, accountName: a.accountId ? (names().get(a.accountId) ?? null) : null };
  });

  app.get<{ Params: { id: number } }>('/api/alerts/:id/series', {
    schema: {
      tags: ['incidents'], summary: 'Invocations per minute of the incident\'s function, an hour before to 30 minutes after it opened',
      params: idParam,
      response: { 200: { type: 'object', properties: { resource: { type: ['string', 'null'] }, points: { type: 'array', items: { type: 'object', properties: { at: { type: 'string' }, value: { type: 'number' } } } } } } },
    },
  }, async (req) => {
    const a = deps.repos.alerts.get(req.params.id);
    if (!a || !canSee(accountScope(deps, req.viewer!), a.accountId)) throw new NotFoundError(`no incident ${req.params.id}`);
    const runaway = a.resource?.includes(':function:') ? await integrations.runaway() : null;
    const at = Date.parse(a.openedAt);
    const stored = runaway ? runaway.samples(deps, a.resource!, new Date(at - 3_600_000).toISOString(), new Date(at + 1_800_000).toISOString()) : [];
    if (stored.length) return { resource: a.resource, points: stored.map((p) => ({ at: p.minute, value: p.invocations })) };
    // The detector keeps the points it judged in the evidence; use them when no samples are stored.
    const points = Array.isArray(a.evidence.points) ? (a.evidence.points as Array<{ at?: unknown; value?: unknown }>) : [];
    return { resource: a.resource, points: points.filter((p) => typeof p.at === 'string' && typeof p.value === 'number').map((p) => ({ at: p.at as string, value: p.value as number })) };
  });
}
