import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Deps } from '../jobs/types.ts';
import { rejectNonFiniteQuery } from './plugins/finiteNumbers.ts';
import { registerErrorHandler } from './plugins/errors.ts';
import { assertAuthConfig, registerAuth } from './plugins/auth.ts';
import { registerDocs } from './plugins/docs.ts';
import { registerSecurity } from './plugins/security.ts';
import { registerWeb } from './plugins/web.ts';
import { healthRoutes } from './routes/health.ts';
import { authRoutes } from './routes/auth.ts';
import { spendRoutes } from './routes/spend.ts';
import { accountRoutes } from './routes/accounts.ts';
import { alertRoutes } from './routes/alerts.ts';
import { runRoutes } from './routes/runs.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { throttledRoutes } from './routes/throttled.ts';
import { idleRoutes } from './routes/idle.ts';
import { snoozeRoutes } from './routes/snooze.ts';

export type AppDeps = Deps;

export interface AppOptions {
  /** Folder of the built web assets (default web/dist). */
  webRoot?: string;
}

/**
 * Builds the HTTP app from its dependencies (tests build the real thing with a test database):
 * external plugins, then app plugins, then routes.
 */
export async function buildApp(deps: AppDeps, opts: AppOptions = {}): Promise<FastifyInstance> {
  assertAuthConfig(deps);
  const app = Fastify({ loggerInstance: deps.logger.child({ component: 'http' }) as FastifyBaseLogger, trustProxy: false, bodyLimit: 1_048_576 }) as unknown as FastifyInstance;
  registerErrorHandler(app);
  rejectNonFiniteQuery(app);
  await registerSecurity(app, deps);
  await registerDocs(app);
  await registerAuth(app, deps);
  await app.register(healthRoutes, { deps });
  await app.register(authRoutes, { deps });
  await app.register(spendRoutes, { deps });
  await app.register(accountRoutes, { deps });
  await app.register(alertRoutes, { deps });
  await app.register(runRoutes, { deps });
  await app.register(metricsRoutes, { deps });
  await app.register(throttledRoutes, { deps });
  await app.register(idleRoutes, { deps });
  await app.register(snoozeRoutes, { deps }); // issue 4: signed snooze links from the digests (public)
  await registerWeb(app, { root: opts.webRoot });
  return app;
}
