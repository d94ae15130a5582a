import type { FastifyInstance } from 'fastify';
import { budgetStatuses } from '../../jobs/report/summary.ts';
import type { AppDeps } from '../app.ts';
import { accountScope, requireAccount } from '../auth/viewer.ts';
import { accountId, budgetRow } from './schemas.ts';

/** Jobs that sweep accounts; their last run tells whether each account was reached. */
const SWEEPS = ['discover', 'spend', 'runaway', 'idle'];

const sweep = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'error', 'never'] }, at: { type: ['string', 'null'] },
    jobs: { type: 'array', items: { type: 'object', properties: { job: { type: 'string' }, status: { type: 'string' }, at: { type: ['string', 'null'] }, error: { type: ['string', 'null'] } } } },
  },
} as const;

const account = {
  type: 'object',
  properties: {
    ...budgetRow.properties, id: { type: 'string' }, status: { type: 'string' }, awsStatus: { type: 'string' }, budgetStatus: budgetRow.properties.status,
    ouPath: { type: ['string', 'null'] }, lastSweep: sweep,
  },
} as const;

function sweeps(deps: AppDeps) {
  const runs = deps.repos.jobRuns.lastPerJob().filter((r) => SWEEPS.includes(r.job));
  return (id: string) => {
    const jobs = runs.map((r) => {
      const err = r.errors.find((e) => e.accountId === id);
      return { job: r.job, status: err ? 'error' : r.status === 'failed' ? 'failed' : 'ok', at: r.finishedAt, error: err?.message ?? (r.status === 'failed' ? r.error : null) };
    });
    const at = jobs.map((j) => j.at).filter((x): x is string => !!x).sort().at(-1) ?? null;
    const status = jobs.length === 0 ? 'never' : jobs.some((j) => j.status !== 'ok') ? 'error' : 'ok';
    return { status, at, jobs };
  };
}

export async function accountRoutes(app: FastifyInstance, opts: { deps: AppDeps }) {
  const { deps } = opts;
  const rows = (scope: readonly string[] | null) => {
    const info = new Map(deps.repos.accounts.list().map((a) => [a.id, a]));
    const sweepOf = sweeps(deps);
    return budgetStatuses(deps, scope).map((b) => {
      const a = info.get(b.accountId)!;
      return { ...b, id: a.id, budgetStatus: b.status, awsStatus: a.status, ouPath: a.ouPath, lastSweep: sweepOf(a.id) };
    });
  };

  app.get('/api/accounts', {
    schema: {
      tags: ['accounts'], summary: 'Sandbox accounts the viewer may see: month-to-date, forecast, budget and status, owner, last sweep',
      response: { 200: { type: 'object', properties: { accounts: { type: 'array', items: account } } } },
    },
  }, async (req) => ({ accounts: rows(accountScope(deps, req.viewer!)) }));

  app.get<{ Params: { id: string } }>('/api/accounts/:id', {
    schema: {
      tags: ['accounts'], summary: 'One account (403 if it is not the viewer\'s, 404 if unknown)',
      params: { type: 'object', required: ['id'], properties: { id: accountId } },
      response: { 200: account },
    },
  }, async (req) => {
    requireAccount(deps, req.viewer!, req.params.id);
    const row = rows([req.params.id])[0];
    if (row) return row;
    // An account that left the sandbox OUs has no budget row any more: show what is known.
    const a = deps.repos.accounts.get(req.params.id)!;
    return { id: a.id, accountId: a.id, name: a.name, owner: a.email, awsStatus: a.status, ouPath: a.ouPath, lastSweep: sweeps(deps)(a.id) };
  });
}
