import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app.ts';

/** GET /healthz: no auth; 200 when the database answers, with the last run of each job. */
export async function healthRoutes(app: FastifyInstance, opts: { deps: AppDeps }) {
  const { repos } = opts.deps;
  app.get('/healthz', {
    config: { public: true },
    schema: {
      tags: ['health'],
      summary: 'Liveness and the last run of each job (no login needed)',
      response: {
        '2xx': {
          type: 'object',
          properties: {
            status: { type: 'string' },
            database: { type: 'string' },
            jobs: { type: 'array', items: { type: 'object', properties: { job: { type: 'string' }, status: { type: 'string' }, startedAt: { type: 'string' }, finishedAt: { type: ['string', 'null'] } } } },
          },
        },
        503: { type: 'object', properties: { status: { type: 'string' }, database: { type: 'string' }, jobs: { type: 'array' } } },
      },
    },
  }, async (_req, reply) => {
    try {
      repos.db.prepare('SELECT 1').get();
    } catch (err) {
      return reply.status(503).send({ status: 'unhealthy', database: `unreachable: ${(err as Error).message}`, jobs: [] });
    }
    const jobs = repos.jobRuns.lastPerJob().map((r) => ({ job: r.job, status: r.status, startedAt: r.startedAt, finishedAt: r.finishedAt }));
    return { status: 'ok', database: 'ok', jobs };
  });
}
