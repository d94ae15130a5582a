import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Built by `npm run build:web` (scripts/build-web.mjs) from web/src; git-ignored. */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** Assets the login page needs: served without a session. Everything else under /assets needs one. */
export const PUBLIC_ASSETS = new Set(['/assets/login.js', '/assets/app.css', '/assets/favicon.svg']);

/** Pages of the single-page app (client-side routes after '#'); all serve index.html behind login. */
export async function registerWeb(app: FastifyInstance, opts: { root?: string } = {}): Promise<void> {
  const root = opts.root ?? WEB_DIST;
  if (!existsSync(`${root}/index.html`)) {
    app.log.warn({ root }, 'web assets are not built: run npm run build:web');
    const missing = async (_req: unknown, reply: import('fastify').FastifyReply) =>
      reply.status(503).type('text/plain').send('Dashboard assets are not built: run `npm run build:web`.');
    app.get('/', missing);
    app.get('/login', { config: { public: true } }, missing);
    return;
  }
  await app.register(fastifyStatic, { root, prefix: '/assets/', index: false, wildcard: true, cacheControl: true, maxAge: '1h' });
  app.get('/', { schema: { hide: true } }, (_req, reply) => reply.header('cache-control', 'no-store').sendFile('index.html'));
  app.get('/login', { config: { public: true }, schema: { hide: true } }, (_req, reply) => reply.header('cache-control', 'no-store').sendFile('login.html'));
  app.get('/favicon.ico', { config: { public: true }, schema: { hide: true } }, (_req, reply) => reply.sendFile('favicon.svg'));
}
