import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../core/errors.ts';
import type { AppDeps } from '../app.ts';
import { ForbiddenError } from '../auth/errors.ts';
import { accountScope, canSee } from '../auth/viewer.ts';
import { integrations } from '../integrations.ts';
import { anyObject, idParam } from './schemas.ts';

const throttled = {
  type: 'object',
  properties: {
    id: { type: 'integer' }, functionArn: { type: 'string' }, functionName: { type: 'string' }, accountId: { type: 'string' }, accountName: { type: ['string', 'null'] },
    region: { type: 'string' }, throttledAt: { type: 'string' }, throttledBy: { type: 'string' }, reason: { type: 'string' },
    previousConcurrency: { type: ['integer', 'null'] }, alertId: { type: ['integer', 'null'] }, savedUsd: { type: ['string', 'null'] },
  },
} as const;

export async function throttledRoutes(app: FastifyInstance, opts: { deps: AppDeps }) {
  const { deps } = opts;
  const names = () => new Map(deps.repos.accounts.list().map((a) => [a.id, a.name]));

  app.get('/api/throttled', {
    schema: {
      tags: ['kill switch'], summary: 'Functions the kill switch throttled: who, when, why',
      response: { 200: { type: 'object', properties: { available: { type: 'boolean' }, functions: { type: 'array', items: throttled } } } },
    },
  }, async (req) => {
    const runaway = await integrations.runaway();
    if (!runaway) return { available: false, functions: [] };
    const scope = accountScope(deps, req.viewer!);
    const n = names();
    return { available: true, functions: runaway.listThrottled(deps).filter((f) => canSee(scope, f.accountId)).map((f) => ({ ...f, accountName: n.get(f.accountId) ?? null })) };
  });

  app.get<{ Params: { id: number } }>('/api/throttled/:id/samples', {
    schema: {
      tags: ['kill switch'], summary: 'Invocations per minute around the kill (evidence)', params: idParam,
      response: { 200: { type: 'object', properties: { functionArn: { type: 'string' }, samples: { type: 'array', items: anyObject } } } },
    },
  }, async (req) => {
    const runaway = await integrations.runaway();
    const f = runaway?.getThrottled(deps, req.params.id);
    if (!runaway || !f || !canSee(accountScope(deps, req.viewer!), f.accountId)) throw new NotFoundError(`no throttled function ${req.params.id}`);
    const at = Date.parse(f.throttledAt);
    return { functionArn: f.functionArn, samples: runaway.samples(deps, f.functionArn, new Date(at - 60 * 60_000).toISOString(), new Date(at + 30 * 60_000).toISOString()) };
  });

  app.post<{ Params: { id: number }; Body: { reason?: string } | undefined }>('/api/throttled/:id/restore', {
    schema: {
      tags: ['kill switch'], summary: 'Restore a throttled function\'s concurrency (manager, or the developer who owns the account). 409 if it is not throttled.',
      params: idParam,
      body: { type: ['object', 'null'], additionalProperties: false, properties: { reason: { type: 'string', maxLength: 500 } } },
      response: { 200: { type: 'object', properties: { restored: { type: 'boolean' }, functionArn: { type: 'string' }, result: anyObject } } },
    },
  }, async (req) => {
    const runaway = await integrations.runaway();
    const f = runaway?.getThrottled(deps, req.params.id);
    if (!runaway || !f) throw new NotFoundError(`no throttled function ${req.params.id}`);
    const viewer = req.viewer!;
    if (!canSee(accountScope(deps, viewer), f.accountId)) throw new ForbiddenError(`function ${f.functionName} is in account ${f.accountId}, which is not yours`);
    const actor = viewer.email ?? `token:${viewer.tokenName}`;
    const result = await runaway.restore(deps, f.functionArn, { actor, reason: req.body?.reason?.trim() || `restored from the dashboard by ${actor}` });
    req.log.info({ functionArn: f.functionArn, actor }, 'function restored');
    return { restored: true, functionArn: f.functionArn, result: (result && typeof result === 'object' ? result : {}) as Record<string, unknown> };
  });
}
