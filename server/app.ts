import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Deps } from '../jobs/types.ts';
import { registerErrorHandler } from './plugins/errors.ts';
import { healthRoutes } from './routes/health.ts';

export type AppDeps = Deps;

/**
 * Builds the HTTP app from its dependencies (tests build the real thing with a test database):
 * external plugins, then app plugins, then routes.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: deps.logger.child({ component: 'http' }) as FastifyBaseLogger, trustProxy: false, bodyLimit: 1_048_576 }) as unknown as FastifyInstance;
  registerErrorHandler(app);
  await app.register(healthRoutes, { deps });
  return app;
}
