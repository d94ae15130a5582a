import type { FastifyInstance } from 'fastify';
import { formatAmount } from '../../core/money.ts';
import type { AppDeps } from '../app.ts';
import { accountScope, canSee } from '../auth/viewer.ts';

const run = {
  type: 'object',
  properties: {
    id: { type: 'integer' }, job: { type: 'string' }, status: { type: 'string' }, startedAt: { type: 'string' }, finishedAt: { type: ['string', 'null'] },
    durationMs: { type: ['integer', 'null'] }, apiCalls: { type: 'object', additionalProperties: { type: 'integer' } }, apiCallCount: { type: 'integer' },
    apiCostUsd: { type: 'string' }, error: { type: ['string', 'null'] },
    errors: { type: 'array', items: { type: 'object', properties: { accountId: { type: ['string', 'null'] }, region: { type: ['string', 'null'] }, message: { type: 'string' } } } },
  },
} as const;

export async function runRoutes(app: FastifyInstance, opts: { deps: AppDeps }) {
  const { deps } = opts;
  app.get<{ Querystring: { job?: string; limit: number } }>('/api/runs', {
    schema: {
      tags: ['health'], summary: 'Job runs, newest first, with per-account errors and the API calls and cost of each run',
      querystring: { type: 'object', properties: { job: { type: 'string', pattern: '^[a-z]{1,32}$' }, limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 } } },
      response: {
        200: {
          type: 'object',
          properties: { runs: { type: 'array', items: run }, lastPerJob: { type: 'array', items: run }, apiCostUsdTotal: { type: 'string' } },
        },
      },
    },
  }, async (req) => {
    const scope = accountScope(deps, req.viewer!);
    // A developer sees the errors of their own accounts only (other accounts' messages name other people's resources).
    const shape = (r: ReturnType<typeof deps.repos.jobRuns.recent>[number]) => ({
      id: r.id, job: r.job, status: r.status, startedAt: r.startedAt, finishedAt: r.finishedAt,
      durationMs: r.finishedAt ? Date.parse(r.finishedAt) - Date.parse(r.startedAt) : null,
      apiCalls: r.apiCalls, apiCallCount: Object.values(r.apiCalls).reduce((a, b) => a + b, 0), apiCostUsd: formatAmount(r.apiCostNano, 2),
      error: r.error, errors: r.errors.filter((e) => scope === null || (e.accountId !== null && canSee(scope, e.accountId))),
    });
    const total = deps.repos.dashboard.apiCostByJob().reduce((a, r) => a + r.nano, 0n);
    return {
      runs: deps.repos.jobRuns.recent(req.query.limit, req.query.job ?? null).map(shape),
      lastPerJob: deps.repos.jobRuns.lastPerJob().map(shape),
      apiCostUsdTotal: formatAmount(total, 2),
    };
  });
}
